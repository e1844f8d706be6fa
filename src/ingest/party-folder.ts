import type { Recording } from '../recording/model.js';
import type { LoadOptions } from './index.js';
import { InputError } from './errors.js';
export async function readPartySource(
  dir: string,
  _options: LoadOptions,
  _readFile: (path: string, options: LoadOptions) => Promise<Recording>,
): Promise<Recording> {
  throw new InputError('party folders are not read yet', dir);
}
