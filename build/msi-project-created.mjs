// electron-builder `msiProjectCreated` hook: gets the path of the generated project.wxs before WiX
// compiles it, registers the planasonix:// scheme (build/msi/protocol-wxs.mjs), adds the
// silent-install enrollment (build/msi/enrollment-wxs.mjs), and puts the custom actions' script
// beside it, where candle and light run; light embeds it in the MSI.
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { URL, fileURLToPath } from 'node:url';
import { ENROLLMENT_SCRIPT_FILE, addEnrollmentToWxs } from './msi/enrollment-wxs.mjs';
import { addProtocolToWxs } from './msi/protocol-wxs.mjs';

/** electron-builder.yml's `protocols` scheme (a test keeps the two, and the app's, equal). */
export const URL_SCHEME = 'planasonix';

const scriptSource = fileURLToPath(new URL(`./msi/${ENROLLMENT_SCRIPT_FILE}`, import.meta.url));
const packageJson = new URL('../package.json', import.meta.url);

/** @param {string} projectFile */
export default async function msiProjectCreated(projectFile) {
  const { productName } = /** @type {{ productName: string }} */ (
    JSON.parse(await readFile(packageJson, 'utf8'))
  );
  const wxs = await readFile(projectFile, 'utf8');
  await writeFile(
    projectFile,
    addEnrollmentToWxs(addProtocolToWxs(wxs, { scheme: URL_SCHEME, productName })),
  );
  await copyFile(scriptSource, join(dirname(projectFile), ENROLLMENT_SCRIPT_FILE));
}
