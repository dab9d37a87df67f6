/**
 * `describe` for specs that need a program from outside npm (Debian's chromium, Python's
 * cryptography). Without it they are skipped with one line saying why, except under CI=true,
 * where a missing tool is an install step gone wrong and fails loudly.
 */
export function describeWithTool(tool: string, available: boolean, install: string): jest.Describe {
  if (available) {
    return describe;
  }
  if (process.env.CI === 'true') {
    throw new Error(`${tool} is required under CI=true: ${install}`);
  }
  process.stderr.write(`skipped: ${tool} not found (${install})\n`);
  return describe.skip;
}
