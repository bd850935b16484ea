// The WiX additions that let `msiexec /i … /qn PLANASONIX_API_HOST=… PLANASONIX_AGENT_ID=…
// PLANASONIX_ENROLLMENT_TOKEN_FILE=…` provision the agent as install.ps1 does. Written in
// the syntax of electron-builder's own template (app-builder-lib templates/msi, compiled by the
// candle/light of its bundled WiX 4.0.0.5512: v4 namespace, v3-era attribute names such as
// BinaryKey, conditions as element text).

/** The custom actions' script; the hook copies it beside project.wxs, where candle and light run. */
export const ENROLLMENT_SCRIPT_FILE = 'planasonix-enrollment.jscript';

/** Public properties IT may pass to msiexec. Secure, so a managed install hands them to the server side. */
export const ENROLLMENT_PROPERTIES = [
  'PLANASONIX_API_HOST',
  'PLANASONIX_AGENT_ID',
  'PLANASONIX_ENROLLMENT_TOKEN',
  'PLANASONIX_ENROLLMENT_TOKEN_FILE',
  'PLANASONIX_CONFIG_DIR',
  'PLANASONIX_AGENT_USER',
];

export const CHECK_ACTION = 'PlanasonixCheckEnrollment';
/** Also the name of the property that carries the deferred action's CustomActionData. */
export const WRITE_ACTION = 'PlanasonixWriteEnrollment';

/**
 * Runs on a first install, repair or upgrade only when an enrollment value was given, so one without
 * them keeps the files that exist; never while the product is being removed.
 */
export const ENROLLMENT_CONDITION =
  'NOT (REMOVE~="ALL") AND (PLANASONIX_API_HOST OR PLANASONIX_AGENT_ID OR PLANASONIX_ENROLLMENT_TOKEN OR PLANASONIX_ENROLLMENT_TOKEN_FILE)';

const MARKER = '<!-- planasonix-enrollment -->';

function fragment() {
  const properties = ENROLLMENT_PROPERTIES.map((id) =>
    id === 'PLANASONIX_ENROLLMENT_TOKEN'
      ? `    <Property Id="${id}" Secure="yes" Hidden="yes"/>`
      : `    <Property Id="${id}" Secure="yes"/>`,
  );
  return [
    `    ${MARKER}`,
    ...properties,
    // MsiHiddenProperties also gets the deferred action's name: its CustomActionData holds the token.
    `    <Property Id="${WRITE_ACTION}" Hidden="yes"/>`,
    `    <Binary Id="PlanasonixEnrollmentScript" SourceFile="${ENROLLMENT_SCRIPT_FILE}"/>`,
    `    <CustomAction Id="${CHECK_ACTION}" BinaryKey="PlanasonixEnrollmentScript" JScriptCall="checkEnrollment" Execute="immediate" Return="check"/>`,
    `    <CustomAction Id="${WRITE_ACTION}" BinaryKey="PlanasonixEnrollmentScript" JScriptCall="writeEnrollment" Execute="deferred" Impersonate="no" HideTarget="yes" Return="check"/>`,
    '    <InstallExecuteSequence>',
    // Checked before InstallInitialize, so a bad value fails the install before anything changed.
    `      <Custom Action="${CHECK_ACTION}" After="CostFinalize">${ENROLLMENT_CONDITION}</Custom>`,
    // The files are not the installer's to roll back, so they are written last: any earlier failure
    // rolls back before they exist, and a failure writing them rolls the product back.
    `      <Custom Action="${WRITE_ACTION}" Before="InstallFinalize">${ENROLLMENT_CONDITION}</Custom>`,
    '    </InstallExecuteSequence>',
    '',
  ].join('\n');
}

/**
 * The project with the enrollment properties and custom actions added to its Product. Throws, naming
 * what is wrong, on a project of another shape (one Product expected) or one that already has them.
 * @param {string} wxs
 * @returns {string}
 */
export function addEnrollmentToWxs(wxs) {
  if (wxs.includes(MARKER)) throw new Error('project.wxs already has the Planasonix enrollment actions');
  const closings = wxs.split('</Product>').length - 1;
  if (closings !== 1) {
    throw new Error(`project.wxs should hold exactly one <Product>; found ${closings} closing tags`);
  }
  return wxs.replace(/[ \t]*<\/Product>/, (closing) => `${fragment()}${closing}`);
}
