import { HttpException, HttpStatus, NotFoundException } from '@nestjs/common';

/** The same answer for a missing object and another tenant's. */
export class NotFoundError extends NotFoundException {
  constructor(what: string) {
    super({ statusCode: 404, code: 'NOT_FOUND', message: `${what} not found` });
  }
}

/** A request that is well-formed but cannot be carried out, with a stable code scripts can test. */
export class UnprocessableError extends HttpException {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(
      { statusCode: 422, code, message, ...(details ? { details } : {}) },
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }
}

/** A request that conflicts with the current state (out-of-order lifecycle step, duplicate). */
export class ConflictError extends HttpException {
  constructor(code: string, message: string) {
    super({ statusCode: 409, code, message }, HttpStatus.CONFLICT);
  }
}

/** A link or object that existed and no longer works (expired, closed), with a stable code the page can say. */
export class GoneError extends HttpException {
  constructor(code: string, message: string) {
    super({ statusCode: 410, code, message }, HttpStatus.GONE);
  }
}
