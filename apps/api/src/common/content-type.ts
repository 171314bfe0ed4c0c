/** A Content-Type of the form type/subtype, then parameters: the only form Fastify reads. */
const WELL_FORMED = /^\s*[\w!#$%&'*+.^`|~-]+\/[\w!#$%&'*+.^`|~-]+\s*(;|$)/;

/** Whether a Content-Type header is type/subtype (with or without parameters). */
export function isWellFormedContentType(header: string): boolean {
  return WELL_FORMED.test(header);
}

/** A Content-Type's type and subtype, lower case, without its parameters (`; charset=`, `; boundary=`); '' for none. */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** A Content-Type's `charset` parameter, lower case, quoted or not; UTF-8 when it names none. */
export function charsetOf(header: string | undefined): string {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(header ?? '')?.[1]?.toLowerCase() ?? 'utf-8';
}
