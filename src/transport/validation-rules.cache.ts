import { getMetadataStorage, MetadataStorage } from 'class-validator';

type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type Rules = ReturnType<Lookup>;
type Grouped = ReturnType<MetadataStorage['groupByPropertyName']>;

const cached = new WeakSet<MetadataStorage>();

/**
 * class-validator looks a class's rules up again on every call: it filters the rules of every
 * class it knows, walks them for inheritance, then groups them by property. For a small message
 * that was a fifth of its validation time and ~10 KB of garbage per frame. A class's rules are
 * fixed once it has loaded, so each lookup is remembered per class and set of options; a rule
 * added later (a class loaded after the first frame) forgets them all. Validation itself, each
 * rule and each message, stays class-validator's.
 */
export function cacheValidationRules(storage: MetadataStorage = getMetadataStorage()): void {
  if (cached.has(storage)) {
    return;
  }
  cached.add(storage);
  let rulesByClass = new Map<Parameters<Lookup>[0], Rules[]>();
  let groupedByRules = new WeakMap<Rules, Grouped>();
  const lookUp: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const addRule = storage.addValidationMetadata.bind(storage);

  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (schema !== undefined || (groups !== undefined && groups.length > 0)) {
      return lookUp(target, schema, always, strictGroups, groups); // not a form this server validates with
    }
    let forClass = rulesByClass.get(target);
    if (forClass === undefined) {
      forClass = [];
      rulesByClass.set(target, forClass);
    }
    const options = Number(always) * 2 + Number(strictGroups);
    forClass[options] ??= lookUp(target, schema, always, strictGroups, groups);
    return forClass[options];
  };
  storage.groupByPropertyName = (rules) => {
    let grouped = groupedByRules.get(rules);
    if (grouped === undefined) {
      grouped = group(rules);
      groupedByRules.set(rules, grouped);
    }
    return grouped;
  };
  storage.addValidationMetadata = (rule) => {
    rulesByClass = new Map();
    groupedByRules = new WeakMap();
    addRule(rule);
  };
}
