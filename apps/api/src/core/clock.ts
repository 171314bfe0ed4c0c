import { Injectable } from '@nestjs/common';

/** The time, injected, so status, days left and expiry windows can be tested at any instant. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
