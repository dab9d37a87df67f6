import { spawnSync } from 'node:child_process';

const CANDIDATES = ['python3', '/usr/bin/python3'];

function findPython(): string | undefined {
  return CANDIDATES.find((python) => spawnSync(python, ['-c', 'import cryptography.fernet']).status === 0);
}

export function hasPythonWithCryptography(): boolean {
  return findPython() !== undefined;
}

/** A Python with the `cryptography` package (installed by .ci/run), or an error saying none was found. */
export function pythonWithCryptography(): string {
  const found = findPython();
  if (found === undefined) {
    throw new Error('No python3 with the cryptography package: install python3-cryptography');
  }
  return found;
}

/** Runs a Python snippet with `cryptography.fernet.Fernet` imported; input on stdin, stdout back. */
export function runPythonFernet(script: string, input: string): string {
  const result = spawnSync(
    pythonWithCryptography(),
    ['-c', `from cryptography.fernet import Fernet\nimport sys\n${script}`],
    {
      input,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) {
    throw new Error(`python failed: ${result.stderr}`);
  }
  return result.stdout;
}
