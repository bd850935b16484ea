/** The only two IPC channels between the window and the host; preload and main agree on them here. */
export const HOST_API_CALL_CHANNEL = 'planasonix:host-api:call';
export const HOST_API_EVENT_CHANNEL = 'planasonix:host-api:event';
/** The name of the bridge on `window` (src-renderer/transport/preload-bridge.ts reads the same one). */
export const HOST_BRIDGE_GLOBAL = 'planasonixHost';
