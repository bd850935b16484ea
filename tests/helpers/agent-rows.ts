/** An enrolled, active agents row for tests that write the table directly (cluster and session store). */
export function activeAgentRow<Extra extends object>(id: string, extra: Extra) {
  return {
    id,
    label: id,
    platform: 'linux',
    status: 'active',
    tags_json: '[]',
    metadata_json: '{}',
    capabilities_json: '[]',
    created_at: 1,
    updated_at: 1,
    ...extra,
  };
}
