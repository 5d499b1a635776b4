// The second indexing pass: which of the files the keyword pre-filter let through still matter,
// because they mention a name that leads to a background session (a type that makes one, a
// global that holds one, the constant an identifier is made from). Names are followed only
// within the project they come from, and bare identifier roots (`identifier`, `id`, `name`) only
// with what qualifies them: their owning type, or a top-level declaration of the name.
import type { FileFacts } from '../facts/facts';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

/** A name another file must mention to matter; `owners` qualify a bare member name. */
export interface NameNeed {
  name: string;
  /** When set, a mention counts only beside one of these names or a declaration of `name`. */
  owners?: string[];
}

const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const modifiers = '(?:(?:public|private|fileprivate|internal|open|final|static|nonisolated|@[A-Za-z_]+(?:\\([^)\\n]*\\))?)\\s+)*';

function wordPattern(names: Iterable<string>): RegExp {
  return new RegExp(`\\b(?:${[...names].map(escape).join('|')})\\b`);
}

/** A type declared with this name (at any depth), or a global declared at the top level. */
function declarationPattern(name: string): RegExp {
  const word = escape(name);
  return new RegExp(`^[ \\t]*${modifiers}(?:enum|struct|class|extension|actor|protocol|typealias)\\s+${word}\\b|^${modifiers}(?:let|var|func)\\s+${word}\\b`, 'm');
}

/** Decides, from its text alone, whether a file mentions a name leading to a session. */
export class NameMatcher {
  private readonly plain: RegExp | undefined;
  private readonly qualified: { mention: RegExp; owners: RegExp | undefined; declaration: RegExp }[];
  private readonly anyQualified: RegExp | undefined;

  constructor(needs: NameNeed[]) {
    const plain = new Set(needs.filter((need) => !need.owners).map((need) => need.name));
    this.plain = plain.size > 0 ? wordPattern(plain) : undefined;
    const qualified = needs.filter((need) => need.owners && !plain.has(need.name));
    this.qualified = qualified.map((need) => ({
      mention: wordPattern([need.name]),
      owners: need.owners!.length > 0 ? wordPattern(need.owners!) : undefined,
      declaration: declarationPattern(need.name),
    }));
    this.anyQualified = qualified.length > 0 ? wordPattern(qualified.map((need) => need.name)) : undefined;
  }


  matches(text: string): boolean {
    if (this.plain?.test(text)) return true;
    if (!this.anyQualified?.test(text)) return false;
    return this.qualified.some((need) => need.mention.test(text) && (need.owners?.test(text) || need.declaration.test(text)));
  }
}

/** Apple's types and protocols: no file of the workspace declares their members. */
const systemTypes = new Set(['Codable', 'Decodable', 'Encodable', 'Equatable', 'Hashable', 'Sendable', 'Identifiable', 'ObservableObject', 'Error', 'CustomStringConvertible']);
const isSystemType = (name: string) => systemTypes.has(name) || /^(?:NS|UI|URLSession|WK|CL|AV)[A-Z]/.test(name);

/** Standard types a session or identifier is handed to (`String(…)`, `Set(…)`), declared by no workspace file. */
const swiftTypes = new Set(['URLSession', 'String', 'Set', 'Array', 'Dictionary', 'Optional', 'Result', 'Task', 'AsyncStream', 'CheckedContinuation']);
const startsUppercase = (name: string) => /^[A-Z]/.test(name);
/** Members too common to follow on their own name. */
const commonMembers = new Set(['shared', 'default', 'session', 'configuration', 'background', 'current', 'instance', 'main']);

const holdsSession = (kind: string) => kind === 'bgSession' || kind === 'bgConfig';

/**
 * What another file must mention to matter, from one file's facts: types that make a session or
 * configuration, globals that hold or return one, and the roots of background identifiers.
 */
export function namesLeadingToSessions(facts: FileFacts, workspace: WorkspaceIndex): NameNeed[] {
  const needs: NameNeed[] = [];
  // Background first: a session known to be a plain one (`.default`, `.ephemeral`) leads nowhere.
  const sessions = facts.sessionCreations.filter((session) => workspace.evaluate(session.configuration).kind !== 'notBackground');
  for (const creation of [...sessions, ...facts.configCreations]) {
    const owner = creation.context.typeName;
    if (!owner) continue;
    // `extension URLSessionConfiguration { static var uploads … }`: every networking file names the
    // system type; the member is what a user of this one says.
    const member = creation.context.property?.name ?? workspace.functionById(creation.context.functionId)?.name;
    const system = owner === 'URLSession' || isSystemType(owner);
    needs.push({ name: system && member && !commonMembers.has(member) && member !== 'init' ? member : owner });
  }
  for (const config of facts.configCreations) {
    const root = config.identifier.kind === 'expression' ? /^[A-Za-z_][A-Za-z0-9_]*/.exec(config.identifier.text)?.[0] : undefined;
    if (!root || root === 'Self' || root === 'self') continue;
    const owner = config.context.typeName;
    // `identifier` inside a type is its member, its superclass's, or a global: a file matters when it
    // also names the owner or a supertype, or declares the name at the top level.
    const supertypes = [...workspace.typeDeclarations(owner ?? '').flatMap((type) => type.inherits), ...facts.types.filter((type) => type.name === owner).flatMap((type) => type.inherits)];
    const owners = owner ? [owner, ...supertypes.filter((name) => !isSystemType(name))] : undefined;
    needs.push({ name: root, owners: owners && [...new Set(owners)] });
  }
  // A type that makes a session may keep it in a generic lock or box (`Protected<State>`): the
  // wrapper's file tells what its `wrappedValue` is.
  const sessionOwners = new Set([...sessions, ...facts.configCreations].map((creation) => creation.context.typeName));
  for (const property of facts.properties) {
    // Only the file declaring the wrapper tells that; files that merely use it (or `Set`) do not.
    if (!sessionOwners.has(property.typeName)) continue;
    if (property.declaredTypeArgument && property.declaredType) needs.push({ name: property.declaredType, owners: [] });
    // `let state = Protected(State())`: the wrapper's type is the callee.
    const callee = property.initializer?.kind === 'call' ? property.initializer.callee : undefined;
    if (callee?.kind === 'name' && startsUppercase(callee.name) && !isSystemType(callee.name) && !swiftTypes.has(callee.name)) {
      needs.push({ name: callee.name, owners: [] });
    }
  }
  for (const property of facts.properties) {
    if (property.typeName || !property.initializer) continue;
    if (holdsSession(workspace.evaluate(property.initializer).kind)) needs.push({ name: property.name });
  }
  // A background configuration or session handed to a type or global function
  // (`Wrapper(configuration: bg)`): the callee's file uses it.
  if (sessions.length > 0 || facts.configCreations.length > 0) {
    for (const site of facts.callSites) {
      if (!site.isBare || !startsUppercase(site.name) || isSystemType(site.name) || swiftTypes.has(site.name) || !site.argumentValues.some((value) => holdsSession(workspace.evaluate(value).kind))) continue;
      needs.push({ name: site.name });
    }
  }
  // A value set on a background configuration (`configuration.timeoutIntervalForResource =
  // settings.resourceTimeout`) is what the rules check: what it reads that no parsed file declares
  // (the settings type's member, the unit helper `TimeInterval.minutes`) is followed.
  for (const set of facts.propertySets) {
    if (!holdsSession(workspace.evaluate(set.receiver).kind)) continue;
    for (const missing of workspace.missingDeclarations(set.value)) {
      if (commonMembers.has(missing.name) || isSystemType(missing.name) || swiftTypes.has(missing.name)) continue;
      if (missing.owner && (isSystemType(missing.owner) || swiftTypes.has(missing.owner))) continue;
      // A member beside its type's name; a bare name (a type, a global function) where it is declared.
      needs.push({ name: missing.name, owners: missing.owner ? [missing.owner] : [] });
    }
  }
  for (const fn of facts.functions) {
    if (fn.typeName || fn.returns.length === 0) continue;
    if (fn.returns.some((value) => holdsSession(workspace.evaluate(value).kind))) needs.push({ name: fn.name });
  }
  return needs;
}

