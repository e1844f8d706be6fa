// Whether Debian's tesseract is here to read words off frames (the pretest step installs it).
import { execFileSync } from 'node:child_process';

export const HAS_TESSERACT = (() => {
  try {
    execFileSync('tesseract', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
