import { Injectable } from '@nestjs/common';

/** The time, injected, so tests can move it: every days-left rule is judged at `now()`. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock a test sets by hand. */
export class SettableClock extends Clock {
  constructor(private instant: Date = new Date()) {
    super();
  }

  override now(): Date {
    return new Date(this.instant.getTime());
  }

  set(instant: Date): void {
    this.instant = new Date(instant.getTime());
  }
}
