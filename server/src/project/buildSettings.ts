// Expansion of Xcode build-setting references ($(VAR), ${VAR}, $VAR) in the few values the
// model needs. Rules compare identifiers and app groups literally, so a value is either fully
// resolved or undefined: an unknown variable is never guessed or left half-expanded.

/** Looks a setting up by name; undefined when it is not known. */
export type SettingLookup = (name: string) => string | undefined;

const MAX_DEPTH = 12;

/** Expands every reference in `value`; undefined when any of them cannot be resolved. */
export function expandSettings(value: string, lookup: SettingLookup): string | undefined {
  return expand(value, lookup, 0);
}

function expand(value: string, lookup: SettingLookup, depth: number): string | undefined {
  if (!value.includes('$')) return value;
  if (depth > MAX_DEPTH) return undefined; // a cycle (A = $(B), B = $(A))
  let out = '';
  let i = 0;
  while (i < value.length) {
    const ch = value[i];
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const open = value[i + 1];
    let reference: string;
    if (open === '(' || open === '{') {
      const end = findClose(value, i + 1);
      if (end < 0) return undefined;
      reference = value.slice(i + 2, end);
      i = end + 1;
    } else {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(value.slice(i + 1));
      if (!match) {
        out += ch; // a lone `$` is literal text
        i++;
        continue;
      }
      reference = match[0];
      i += 1 + reference.length;
    }
    const resolved = resolveReference(reference, lookup, depth);
    if (resolved === undefined) return undefined;
    out += resolved;
  }
  return out;
}

/** Index of the bracket closing the one at `openIndex`, counting nested $(…) references. */
function findClose(value: string, openIndex: number): number {
  const open = value[openIndex];
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let j = openIndex; j < value.length; j++) {
    if (value[j] === open) depth++;
    else if (value[j] === close && --depth === 0) return j;
  }
  return -1;
}

function resolveReference(reference: string, lookup: SettingLookup, depth: number): string | undefined {
  // The name itself may be built from references: $(PRODUCT_NAME_$(CONFIGURATION)).
  const expandedReference = expand(reference, lookup, depth + 1);
  if (expandedReference === undefined) return undefined;
  const [name, ...modifiers] = expandedReference.split(':');
  const raw = lookup(name.trim());
  if (raw === undefined) return undefined;
  let result = expand(raw, lookup, depth + 1);
  for (const modifier of modifiers.join(':').split(',').filter(Boolean)) {
    if (result === undefined) return undefined;
    result = applyModifier(result, modifier.trim());
  }
  return result;
}

/** The operators Xcode documents for names and identifiers; an unknown one is unresolvable. */
function applyModifier(value: string, modifier: string): string | undefined {
  switch (modifier) {
    case 'rfc1034identifier':
      return value.replace(/[^A-Za-z0-9.-]/g, '-');
    case 'c99extidentifier':
    case 'identifier': {
      const replaced = value.replace(/[^A-Za-z0-9_]/g, '_');
      return /^[0-9]/.test(replaced) ? '_' + replaced : replaced;
    }
    case 'lower':
      return value.toLowerCase();
    case 'upper':
      return value.toUpperCase();
    case 'base':
      return value.replace(/^.*\//, '').replace(/\.[^.]*$/, '');
    case 'file':
      return value.replace(/^.*\//, '');
    case 'dir':
      return value.includes('/') ? value.replace(/\/[^/]*$/, '/') : '';
    default:
      return undefined;
  }
}

/** A build-setting value as a string (settings may also be lists, e.g. for flags). */
export function settingString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(' ');
  return undefined;
}

/**
 * A lookup over layered setting dictionaries (most specific first) and built-ins.
 * `$(inherited)` in a layer refers to the layers below it.
 */
export function layeredLookup(layers: Array<Record<string, unknown> | undefined>, builtins: Record<string, string>): SettingLookup {
  const present = layers.filter((layer): layer is Record<string, unknown> => layer !== undefined);
  const lookupFrom = (start: number) => (name: string): string | undefined => {
    for (let index = start; index < present.length; index++) {
      const value = settingString(present[index][name]);
      if (value === undefined) continue;
      if (!value.includes('inherited')) return value;
      const below = lookupFrom(index + 1)(name) ?? builtins[name] ?? '';
      return value.replace(/\$[({]inherited[)}]/g, below).trim();
    }
    return builtins[name];
  };
  return lookupFrom(0);
}
