/** The parts of the npm `fernet` package (a devDependency, for interoperability tests) we call. */
declare module 'fernet' {
  export class Secret {
    constructor(secret: string);
  }
  export class Token {
    constructor(options: { secret: Secret; token?: string; ttl?: number; time?: Date; iv?: number[] });
    encode(message: string): string;
    decode(token?: string): string;
  }
}
