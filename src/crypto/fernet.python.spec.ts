import { describeWithTool } from '../../test/support/external-tool';
import { hasPythonWithCryptography, runPythonFernet } from '../../test/support/python-fernet';
import { decryptBytes, encryptToBytes, generateFernetKey, parseFernetKey, tokenFromText, tokenToText } from './fernet';

describeWithTool(
  "Python's cryptography",
  hasPythonWithCryptography(),
  'apt-get install python3-cryptography',
)('Fernet against a live Python cryptography', () => {
  const keyText = generateFernetKey();
  const key = parseFernetKey(keyText);
  const texts = ['Hej', 'Hallå! 👋', 'x'.repeat(10_000)];

  it("our tokens open with Python's cryptography, and its fresh tokens with ours", () => {
    const ours = texts.map((text) => tokenToText(encryptToBytes(key, Buffer.from(text))));
    const opened = runPythonFernet(
      `import json\nf = Fernet(${JSON.stringify(keyText)})\n` +
        'print(json.dumps([f.decrypt(t.encode()).decode() for t in sys.stdin.read().split()]))',
      ours.join('\n'),
    );
    expect(JSON.parse(opened)).toEqual(texts);

    const theirs = runPythonFernet(
      `print(Fernet(${JSON.stringify(keyText)}).encrypt(sys.stdin.read().encode()).decode())`,
      'Hallå! 👋',
    );
    expect(decryptBytes(key, tokenFromText(theirs.trim())).toString()).toBe('Hallå! 👋');
  });
});
