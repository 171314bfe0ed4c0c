/** Every api error answers `{statusCode, code, message}` (apps/api common/http-exception.filter.ts). */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
  }
  get code(): string {
    return this.body.code;
  }
}

/** Turns whatever a failed call produced (the api's JSON body, a network error) into an ApiError. */
export function toApiError(error: unknown, status = 0): ApiError {
  if (error instanceof ApiError) return error;
  if (typeof error === 'object' && error !== null && typeof (error as ApiErrorBody).code === 'string') {
    return new ApiError(error as ApiErrorBody);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError({ statusCode: status, code: status ? 'ERROR' : 'NETWORK', message });
}
