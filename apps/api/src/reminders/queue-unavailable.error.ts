import { HttpException, HttpStatus } from '@nestjs/common';

/** Redis (the notifier's queues) did not answer in time. Same shape as every other error answer. */
export class QueueUnavailableError extends HttpException {
  constructor(message: string) {
    super({ statusCode: 503, code: 'QUEUE_UNAVAILABLE', message }, HttpStatus.SERVICE_UNAVAILABLE);
  }
}
