import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** argon2id, the library's recommended parameters. */
@Injectable()
export class PasswordHasher {
  // Verified against when the e-mail is unknown, so a wrong e-mail costs as much time as a wrong password.
  private readonly decoy = argon2.hash('certdesk-decoy-password', { type: argon2.argon2id });

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash ?? (await this.decoy), password);
    } catch {
      return false;
    }
  }
}
