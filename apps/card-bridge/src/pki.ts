// libs/pki and its pkijs load only when first needed: the bridge starts in well under a second and
// answers its first security checks without them.
type PkiModule = typeof import('@certdesk/pki');

let loading: Promise<PkiModule> | null = null;

export function loadPki(): Promise<PkiModule> {
  loading ??= import('@certdesk/pki');
  return loading;
}
