/**
 * For class-transformer's @Transform on a query-string boolean: `true` and `false` as written become booleans;
 * anything else (`1`, `yes`, a repeated parameter) is left as it is, for @IsBoolean() to refuse with a 400.
 */
export const queryBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
