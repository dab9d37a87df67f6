import {
  getMetadataStorage,
  MetadataStorage,
  ValidationArguments,
  ValidationTypes,
  ValidatorConstraintInterface,
  ValidatorOptions,
} from 'class-validator';

/** Extra fields are refused; messages name the field and the rule, never the value (it may be private). */
export const FRAME_VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: false, // the parser already refuses non-objects; true would refuse the empty DTO
  validationError: { target: false, value: false },
};

type Rule = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
type Target = Parameters<MetadataStorage['getTargetValidationMetadatas']>[0];

/**
 * A rule with the constraint objects that check it, found once: class-validator finds them by
 * a linear search of its container on every call. Async ones are left out, as validateSync
 * leaves them out. (This server never swaps class-validator's container for another.)
 */
interface Check {
  rule: Rule;
  validators: ValidatorConstraintInterface[];
}

/** One property's rules, sorted as class-validator's executor sorts them for a property. */
interface PropertyRules {
  name: string;
  /** `@IsOptional`, `@ValidateIf`: when one answers false, the property is not checked at all. */
  conditions: Rule[];
  /** `@IsDefined`, checked before the others. */
  defined: Check[];
  checks: Check[];
}

/** A lookup's rules as the executor groups them (for the whitelist) and as this check runs them. */
interface SortedRules {
  grouped: Record<string, Rule[]>;
  /** Undefined for a class with a rule this check does not model (nested, promised values). */
  properties: PropertyRules[] | undefined;
}

const MODELLED = new Set<string>([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.IS_DEFINED,
  ValidationTypes.WHITELIST,
]);

/** validateSync(object, options) looks rules up with no schema name, which the declaration types as a string. */
const NO_SCHEMA = undefined as unknown as string;

/**
 * Keyed by the lookup itself, which `cacheValidationRules` keeps per class until a rule is added
 * (then the class's next lookup is a new array, sorted again).
 */
const sortedByLookup = new WeakMap<Rule[], SortedRules>();

/**
 * True only when `validateSync(object, FRAME_VALIDATOR_OPTIONS)` would find nothing wrong; false
 * means "ask class-validator", which then words every refusal. The rules and each rule's check
 * are class-validator's own, run in its order; what is left out is the executor's bookkeeping:
 * it builds an error object, three filtered rule lists and a closure per property and per rule
 * for every frame, valid or not (~7.8 KB and ~1 µs of a small message's path). A rule whose
 * check does not answer a plain `true` (a promise, a truthy value), a rule over each element of
 * a collection, and any rule type not listed in MODELLED are left to class-validator.
 */
export function passesEveryRule(object: object, storage: MetadataStorage = getMetadataStorage()): boolean {
  const { properties, grouped } = rulesOf(object.constructor, storage);
  if (properties === undefined) {
    return false;
  }
  for (const key of Object.keys(object)) {
    if (!Object.hasOwn(grouped, key)) {
      return false; // not whitelisted
    }
  }
  const record = object as Record<string, unknown>;
  for (const property of properties) {
    const value = record[property.name];
    if (!meetsConditions(property.conditions, object, value)) {
      continue;
    }
    if (!allPass(property.defined, object, value) || !allPass(property.checks, object, value)) {
      return false;
    }
  }
  return true;
}

type Condition = (object: object, value: unknown) => unknown;

function meetsConditions(conditions: Rule[], object: object, value: unknown): boolean {
  for (const rule of conditions) {
    if (!(rule.constraints[0] as Condition)(object, value)) {
      return false;
    }
  }
  return true;
}

function allPass(checks: Check[], object: object, value: unknown): boolean {
  for (const { rule, validators } of checks) {
    if (rule.validateIf !== undefined && !rule.validateIf(object, value)) {
      continue;
    }
    if (rule.each && (Array.isArray(value) || value instanceof Set || value instanceof Map)) {
      return false;
    }
    for (const validator of validators) {
      const args: ValidationArguments = {
        targetName: object.constructor.name,
        property: rule.propertyName,
        object,
        value,
        constraints: rule.constraints,
      };
      if (validator.validate(value, args) !== true) {
        return false;
      }
    }
  }
  return true;
}

function rulesOf(target: Target, storage: MetadataStorage): SortedRules {
  // The same lookup, with the same arguments, as the executor makes for these options.
  const source = storage.getTargetValidationMetadatas(target, NO_SCHEMA, false, false, undefined);
  let sorted = sortedByLookup.get(source);
  if (sorted === undefined) {
    const grouped = storage.groupByPropertyName(source);
    sorted = { grouped, properties: sortRules(grouped, storage) };
    sortedByLookup.set(source, sorted);
  }
  return sorted;
}

function sortRules(grouped: Record<string, Rule[]>, storage: MetadataStorage): PropertyRules[] | undefined {
  const properties: PropertyRules[] = [];
  for (const [name, rules] of Object.entries(grouped)) {
    if (rules.some((rule) => !MODELLED.has(rule.type))) {
      return undefined;
    }
    const ofType = (type: string): Rule[] => rules.filter((rule) => rule.type === type);
    const checksOfType = (type: string): Check[] =>
      ofType(type).map((rule) => ({
        rule,
        validators: storage
          .getTargetValidatorConstraints(rule.constraintCls)
          .filter((constraint) => !constraint.async)
          .map((constraint) => constraint.instance),
      }));
    properties.push({
      name,
      conditions: ofType(ValidationTypes.CONDITIONAL_VALIDATION),
      defined: checksOfType(ValidationTypes.IS_DEFINED),
      checks: checksOfType(ValidationTypes.CUSTOM_VALIDATION),
    });
  }
  return properties;
}
