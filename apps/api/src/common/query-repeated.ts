/**
 * For class-transformer's @Transform on a query parameter that may be repeated (`?id=a&id=b`): always an array, never
 * split at commas (a label may hold one). Validate each element with `{ each: true }` and bound the count.
 */
export const queryRepeated = ({ value }: { value: unknown }): unknown =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];
