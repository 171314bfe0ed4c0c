import { ForbiddenException, HttpException, HttpStatus, Inject, UnauthorizedException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../core/clock.js';
import { UsersRepository } from '../../users/users.repository.js';
import { AccountChoice } from '../account-choice.js';
import { PasswordHasher } from '../password-hasher.js';
import { SessionIssuer } from '../session-issuer.js';
import { LOGIN_FAILURES_FORGOTTEN_AFTER_MS, loginBlockMs } from './login-throttle-policy.js';
import { LoginCommand, type LoginResult } from './login.command.js';

/**
 * Password log-in. Wrong passwords are counted per address (known or not, so the answers never tell which addresses
 * have an account); past a few in a row the address is blocked for a while (login-throttle-policy.ts), during which
 * even the right password is refused unchecked. An address may have several log-ins (one per organisation that created
 * one): the password is checked against all of them in parallel, so a second log-in adds little time to the answer.
 */
@CommandHandler(LoginCommand)
export class LoginHandler implements ICommandHandler<LoginCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionIssuer,
    private readonly clock: Clock,
    private readonly users: UsersRepository,
    private readonly choice: AccountChoice,
  ) {}

  async execute(command: LoginCommand): Promise<LoginResult> {
    if (!this.config.passwordLogin) {
      throw new ForbiddenException({
        statusCode: 403,
        code: 'PASSWORD_LOGIN_OFF',
        message: 'this installation signs in with single sign-on or the eID, not with a password',
      });
    }
    const email = command.email.trim().toLowerCase();
    const now = this.clock.now();
    await this.refuseWhileBlocked(email, now);
    const logins = await this.users.withEmail(this.db.manager, email);
    const checks = await Promise.all(
      (logins.length ? logins : [null]).map((u) =>
        this.passwords.verify(u?.passwordHash ?? null, command.password),
      ),
    );
    const proven = logins.filter((u, i) => checks[i] && !u.disabled);
    const user = await this.choice.pick(proven, command.userId);
    if (!user) {
      await this.recordFailure(email, now);
      throw new UnauthorizedException({
        statusCode: 401,
        code: 'BAD_CREDENTIALS',
        message: 'wrong e-mail or password',
      });
    }
    await this.db.query(`DELETE FROM login_throttle WHERE email = $1`, [email]);
    return this.sessions.open(user.id, this.config.sessionTtlHours);
  }

  private async refuseWhileBlocked(email: string, now: Date): Promise<void> {
    const [row] = (await this.db.query(
      `SELECT blocked_until FROM login_throttle WHERE email = $1 AND blocked_until > $2`,
      [email, now],
    )) as { blocked_until: Date }[];
    if (!row) return;
    const retryAfterSeconds = Math.ceil((row.blocked_until.getTime() - now.getTime()) / 1000);
    throw new HttpException(
      {
        statusCode: 429,
        code: 'LOGIN_THROTTLED',
        message: `too many wrong passwords for this address: try again in ${retryAfterSeconds} s`,
        retryAfterSeconds,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  private async recordFailure(email: string, now: Date): Promise<void> {
    // One statement, so concurrent wrong passwords are all counted.
    const [{ failures }] = (await this.db.query(
      `INSERT INTO login_throttle (email, failures, last_failure_at) VALUES ($1, 1, $2)
       ON CONFLICT (email) DO UPDATE SET
         failures = CASE WHEN login_throttle.last_failure_at < $3 THEN 1 ELSE login_throttle.failures + 1 END,
         last_failure_at = $2
       RETURNING failures`,
      [email, now, new Date(now.getTime() - LOGIN_FAILURES_FORGOTTEN_AFTER_MS)],
    )) as [{ failures: number }];
    const blockMs = loginBlockMs(failures);
    if (blockMs > 0) {
      await this.db.query(`UPDATE login_throttle SET blocked_until = $2 WHERE email = $1`, [
        email,
        new Date(now.getTime() + blockMs),
      ]);
    }
  }
}
