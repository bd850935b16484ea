// The planasonix:// URL scheme, registered by the MSI itself (electron-builder's `protocols` reaches
// the .deb and the macOS Info.plist but not its MSI template): machine-wide under HKLM classes,
// pointing at the installed executable, and removed with the product. The app does not register it
// per user at run time on Windows (src-main/electron/protocol-client.ts), so nothing outlives an
// uninstall.

export const PROTOCOL_COMPONENT = 'PlanasonixUrlProtocol';
/** Fixed: a component's GUID must not change while its key path (this registry key) stays the same. */
export const PROTOCOL_COMPONENT_GUID = '{195016BF-75A2-5417-B592-338CA1B69FF6}';

const MARKER = '<!-- planasonix-protocol -->';

/** @param {string} text */
function xmlAttr(text) {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * @param {string} scheme
 * @param {string} productName
 */
function component(scheme, productName) {
  // [#mainExecutable] is the installed path of electron-builder's main File element.
  const command = '"[#mainExecutable]" "%1"';
  return [
    `      ${MARKER}`,
    `      <Component Id="${PROTOCOL_COMPONENT}" Guid="${PROTOCOL_COMPONENT_GUID}">`,
    `        <RegistryKey Root="HKLM" Key="Software\\Classes\\${scheme}" ForceDeleteOnUninstall="yes">`,
    `          <RegistryValue Type="string" Value="${xmlAttr(`URL:${productName}`)}" KeyPath="yes"/>`,
    '          <RegistryValue Type="string" Name="URL Protocol" Value=""/>',
    '          <RegistryKey Key="DefaultIcon">',
    `            <RegistryValue Type="string" Value="${xmlAttr('"[#mainExecutable]",0')}"/>`,
    '          </RegistryKey>',
    '          <RegistryKey Key="shell\\open\\command">',
    `            <RegistryValue Type="string" Value="${xmlAttr(command)}"/>`,
    '          </RegistryKey>',
    '        </RegistryKey>',
    '      </Component>',
    '',
  ].join('\n');
}

/**
 * The project with the scheme's registry component added to electron-builder's ProductComponents
 * group (installed with the product's one feature). Throws, naming what is wrong, on a project of
 * another shape or one that already has it.
 * @param {string} wxs
 * @param {{ scheme: string, productName: string }} protocol
 * @returns {string}
 */
export function addProtocolToWxs(wxs, { scheme, productName }) {
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) throw new Error(`"${scheme}" is not a URL scheme`);
  if (wxs.includes(MARKER)) throw new Error('project.wxs already registers the planasonix:// scheme');
  if (!wxs.includes('id="mainExecutable"') && !wxs.includes('Id="mainExecutable"')) {
    throw new Error('project.wxs has no mainExecutable file for the scheme to open');
  }
  const groups = wxs.match(/<ComponentGroup Id="ProductComponents"[^>]*>/g) ?? [];
  if (groups.length !== 1) {
    throw new Error(`project.wxs should hold one ProductComponents group; found ${groups.length}`);
  }
  const start = wxs.indexOf(groups[0] ?? '');
  const end = wxs.indexOf('</ComponentGroup>', start);
  if (end < 0) throw new Error('project.wxs: the ProductComponents group is not closed');
  const lineStart = wxs.lastIndexOf('\n', end) + 1;
  return `${wxs.slice(0, lineStart)}${component(scheme, productName)}${wxs.slice(lineStart)}`;
}
