/** A task of the reader pool: light files read together, or one file read alone under its own budget. */
export type ReadingUnit<F> = { light: F[]; alone?: undefined } | { alone: F; light?: undefined };

/**
 * The files in their order, as reader tasks: consecutive light files together, at most `perTask` in one task, every
 * other file alone. Only consecutive ones are put together, so the units' files, one after another, are the files in
 * their order.
 */
export function readingUnits<F>(
  files: readonly F[],
  isLight: (file: F) => boolean,
  perTask: number,
): ReadingUnit<F>[] {
  const units: ReadingUnit<F>[] = [];
  let light: F[] = [];
  const closeLight = () => {
    if (light.length > 0) units.push({ light });
    light = [];
  };
  for (const file of files) {
    if (!isLight(file)) {
      closeLight();
      units.push({ alone: file });
      continue;
    }
    light.push(file);
    if (light.length >= perTask) closeLight();
  }
  closeLight();
  return units;
}
