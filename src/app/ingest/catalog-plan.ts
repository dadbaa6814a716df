/**
 * Decides, in memory, what a batch of offerings or staff does to the stored ones. Catalogs are
 * small and their rows identify each other two ways (external id, or name case-insensitively,
 * both unique per tenant), so conflicts are easiest to settle row by row here and the result is
 * then written with one insert and one update.
 *
 * A row matches the stored entry with its external id, else the one with its name. A row never
 * steals a name: it is rejected if another entry has (or had, before this batch) the name it
 * wants, and if its name belongs to an entry that already has a different external id. An entry
 * matched by name that has no external id adopts the row's. Each entry is written by at most one
 * row per batch; later rows for it are rejected.
 */
export interface CatalogEntry<F> {
  id: string | undefined;
  externalId: string | null;
  name: string;
  fields: F;
}

export interface CatalogRow<F> {
  index: number;
  externalId: string | null;
  name: string;
  /** Only the fields the row states; the others keep their stored (or default) values. */
  fields: Partial<F>;
}

export interface CatalogPlan<F> {
  inserts: (CatalogEntry<F> & { index: number })[];
  updates: (CatalogEntry<F> & { index: number; id: string })[];
  errors: { index: number; message: string }[];
}

export function planCatalogWrites<F>(
  stored: readonly CatalogEntry<F>[],
  rows: readonly CatalogRow<F>[],
  defaults: F,
  noun: string,
): CatalogPlan<F> {
  const entries = stored.map((entry) => ({ ...entry }));
  const byExternalId = new Map<string, CatalogEntry<F>>();
  const byName = new Map<string, CatalogEntry<F>>();
  const originalName = new Map<string, CatalogEntry<F>>();
  for (const entry of entries) {
    if (entry.externalId) byExternalId.set(entry.externalId, entry);
    byName.set(entry.name.toLowerCase(), entry);
    originalName.set(entry.name.toLowerCase(), entry);
  }
  const writtenBy = new Map<CatalogEntry<F>, number>();
  const plan: CatalogPlan<F> = { inserts: [], updates: [], errors: [] };
  const reject = (index: number, message: string) => plan.errors.push({ index, message });

  for (const row of rows) {
    const lowerName = row.name.toLowerCase();
    let match = row.externalId ? byExternalId.get(row.externalId) : undefined;
    if (!match) {
      const named = byName.get(lowerName);
      if (named?.externalId && row.externalId && named.externalId !== row.externalId) {
        reject(
          row.index,
          `name: "${row.name}" already belongs to the ${noun} with external id "${named.externalId}"`,
        );
        continue;
      }
      match = named;
    }
    const nameHolder = byName.get(lowerName) ?? originalName.get(lowerName);
    if (nameHolder && nameHolder !== match) {
      reject(row.index, `name: "${row.name}" already belongs to another ${noun}`);
      continue;
    }
    if (match) {
      const previous = writtenBy.get(match);
      if (previous !== undefined) {
        reject(row.index, `repeats the ${noun} of row ${previous} in this batch; only the first is applied`);
        continue;
      }
      byName.delete(match.name.toLowerCase());
      match.name = row.name;
      match.externalId = row.externalId ?? match.externalId;
      match.fields = { ...match.fields, ...row.fields };
      byName.set(lowerName, match);
      if (match.externalId) byExternalId.set(match.externalId, match);
      writtenBy.set(match, row.index);
      plan.updates.push({ ...match, id: match.id as string, index: row.index });
    } else {
      const entry: CatalogEntry<F> = {
        id: undefined,
        externalId: row.externalId,
        name: row.name,
        fields: { ...defaults, ...row.fields },
      };
      byName.set(lowerName, entry);
      if (entry.externalId) byExternalId.set(entry.externalId, entry);
      writtenBy.set(entry, row.index);
      plan.inserts.push({ ...entry, index: row.index });
    }
  }
  return plan;
}
