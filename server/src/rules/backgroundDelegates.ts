// Shared by the rules about delegate callbacks: which workspace types are the delegate of a
// background session (and of which other sessions), and whether the workspace makes one at all.
// A session whose delegate cannot be resolved to a workspace type tells nothing: stay silent.
import type { FileFacts, FunctionFact, SessionCreation } from '../facts/facts';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

export interface DelegateRoles {
  /** Background sessions whose delegate is an instance of the type (or of a subclass). */
  background: SessionCreation[];
  /** Other sessions (default, ephemeral, or of a kind that cannot be told) with that delegate. */
  other: SessionCreation[];
}

interface Computed {
  files: FileFacts[];
  roles: Map<string, DelegateRoles>;
  makesBackgroundSession: boolean;
}

const cache = new WeakMap<WorkspaceIndex, Computed>();

/** Recomputed only when some file's facts changed (facts objects are replaced on every change). */
function computed(workspace: WorkspaceIndex): Computed {
  const files = [...workspace.allFacts()];
  const previous = cache.get(workspace);
  if (previous && previous.files.length === files.length && previous.files.every((facts, i) => facts === files[i])) return previous;
  const roles = new Map<string, DelegateRoles>();
  let makesBackgroundSession = false;
  for (const facts of files) {
    for (const session of facts.sessionCreations) {
      const isBackground = workspace.evaluate(session.configuration).kind === 'bgConfig';
      makesBackgroundSession ||= isBackground;
      if (!session.delegate) continue;
      const delegateType = delegateTypeOf(workspace, session);
      if (!delegateType) continue;
      for (const typeName of workspace.typeChain(delegateType)) {
        let entry = roles.get(typeName);
        if (!entry) roles.set(typeName, (entry = { background: [], other: [] }));
        (isBackground ? entry.background : entry.other).push(session);
      }
    }
  }
  const result = { files, roles, makesBackgroundSession };
  cache.set(workspace, result);
  return result;
}

/**
 * The workspace type the session's delegate is an instance of: what the `delegate:` argument
 * evaluates to, or the declared class of the parameter it comes from (`init(delegate: DownloadDelegate)`).
 */
export function delegateTypeOf(workspace: WorkspaceIndex, session: SessionCreation): string | undefined {
  if (!session.delegate) return undefined;
  const value = workspace.evaluate(session.delegate);
  if (value.kind === 'instance') return value.typeName;
  if (value.kind !== 'unknown' || session.delegate.kind !== 'param') return undefined;
  const declared = workspace.functionById(session.delegate.functionId)?.params[session.delegate.index]?.type;
  const declarations = declared ? workspace.typeDeclarations(declared) : [];
  const isClass = declarations.some((declaration) => declaration.kind === 'class') && declarations.every((declaration) => declaration.kind === 'class' || declaration.kind === 'extension');
  return isClass ? declared : undefined;
}

/** How the sessions of the workspace use `typeName` as their delegate (undefined: no known session does). */
export function delegateRoles(workspace: WorkspaceIndex, typeName: string | undefined): DelegateRoles | undefined {
  return typeName ? computed(workspace).roles.get(typeName) : undefined;
}

/** The background sessions whose delegate the function's type is, or undefined when none is known. */
export function backgroundSessionsDelegatingTo(workspace: WorkspaceIndex, fn: FunctionFact | undefined): SessionCreation[] | undefined {
  const roles = delegateRoles(workspace, fn?.typeName);
  return roles && roles.background.length > 0 ? roles.background : undefined;
}

/** Some file of the workspace surely creates a background session (so the app owns the identifiers it gets). */
export function workspaceMakesBackgroundSession(workspace: WorkspaceIndex): boolean {
  return computed(workspace).makesBackgroundSession;
}

/** The type (in any of its declarations) or the function carries `@MainActor`. */
export function isMainActorIsolated(workspace: WorkspaceIndex, fn: FunctionFact): boolean {
  if (fn.attributes.includes('MainActor')) return true;
  if (!fn.typeName) return false;
  return workspace.typeChain(fn.typeName).some((name) =>
    workspace.typeDeclarations(name).some((declaration) => declaration.attributes.includes('MainActor')),
  );
}

/** "The background session is created here", for at most three sessions. */
export function sessionsCreatedHere(sessions: SessionCreation[], message = 'The background session is created here.') {
  return sessions.slice(0, 3).map((session) => ({ file: session.file, span: session.span, message }));
}
