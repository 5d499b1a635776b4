// Per-file facts: what the rules need to know about one Swift file, extracted once per parse so
// the syntax tree can be released. Expressions that matter (receivers, initializers, returns)
// are kept as small `ValueExpr` trees that the workspace index evaluates across files.

/** A half-open range of UTF-16 offsets into the file's text. */
export interface Span {
  start: number;
  end: number;
}

export type ValueExpr =
  | { kind: 'bgConfig'; config: ConfigCreation }
  | { kind: 'otherConfig' } // .default, .ephemeral
  | { kind: 'newSession'; session: SessionCreation }
  | { kind: 'notBackground' } // URLSession.shared and other values known not to be background
  | { kind: 'nil' }
  /** `location`: where a plain string literal is written. */
  | { kind: 'literal'; text: string; stringValue?: string; numberValue?: number; location?: { file: string; span: Span } }
  /** `a + b`, `60 * 30`: numbers are computed, strings joined, and randomness spreads. */
  | { kind: 'arithmetic'; op: '+' | '-' | '*' | '/'; lhs: ValueExpr; rhs: ValueExpr }
  /** `.minutes(50)`: a static member of the type the context expects (a unit helper). */
  | { kind: 'implicitMember'; name: string }
  | { kind: 'random' } // UUID(), Date(), random numbers
  /** `self`; `functionId` is the method it is read in (an extension's `self` is whatever its callers call it on). */
  | { kind: 'self'; typeName?: string; functionId?: number }
  | { kind: 'name'; name: string; typeName?: string } // not a local: a member of the enclosing type, a global or a type
  | { kind: 'member'; base: ValueExpr; name: string }
  | { kind: 'call'; callee: ValueExpr; labels: (string | undefined)[]; args: ValueExpr[]; span: Span }
  | { kind: 'param'; functionId: number; index: number }
  /** `newValue` in a setter: what the code assigns to that property. */
  | { kind: 'assignedTo'; typeName: string; name: string }
  | { kind: 'union'; values: ValueExpr[] }
  /** `value ?? ifNil`: the value where it is not nil, the fallback where it is. */
  | { kind: 'coalesce'; value: ValueExpr; ifNil: ValueExpr }
  | { kind: 'queue'; main: boolean } // `OperationQueue.main`, `.main`, `OperationQueue()`
  | { kind: 'unknown' };

export type IdentifierInfo =
  | { kind: 'literal'; value: string; span: Span }
  | { kind: 'interpolated'; text: string; span: Span; bundleBased: boolean; random: boolean }
  | { kind: 'expression'; text: string; span: Span; value: ValueExpr }
  | { kind: 'missing' };

/** `URLSessionConfiguration.background(withIdentifier:)`, `.background(withIdentifier:)`, or the deprecated `backgroundSessionConfiguration(_:)`. */
export interface ConfigCreation {
  file: string;
  span: Span;
  /** The `background` / `backgroundSessionConfiguration` name. */
  nameSpan: Span;
  deprecated: boolean;
  identifier: IdentifierInfo;
  context: CreationContext;
}

/** `URLSession(configuration:…)`. */
export interface SessionCreation {
  file: string;
  span: Span;
  configuration: ValueExpr;
  /** True when a `delegate:` argument is given and is not `nil`. */
  hasDelegate: boolean;
  /** The `delegate:` argument, e.g. `self` → an instance of the enclosing type. */
  delegate?: ValueExpr;
  /** The `delegateQueue:` argument. */
  delegateQueue?: ValueExpr;
  context: CreationContext;
}

/** Where a value is created: decides whether it is made once or again and again. */
export interface CreationContext {
  typeName?: string;
  typeKind?: TypeKind;
  /** The property whose initializer or getter creates the value. */
  property?: { name: string; isStatic: boolean; isLazy: boolean; isComputed: boolean };
  /** The function whose body creates the value (innermost named function, closures included). */
  functionId?: number;
  /** Inside a closure (a lambda) within that function or property. */
  inClosure: boolean;
  /** Inside a loop body. */
  inLoop: boolean;
  /** The created value is assigned to storage that outlives the call (a property, a subscript, a collection). */
  stored: boolean;
}

export type TypeKind = 'class' | 'struct' | 'enum' | 'actor' | 'extension' | 'protocol';

export interface TypeFact {
  name: string;
  kind: TypeKind;
  file: string;
  span: Span;
  nameSpan: Span;
  inherits: string[];
  /** Attributes written on the type, e.g. "MainActor". */
  attributes: string[];
  /** Declared `open` or `public`: a library's type, meant to be subclassed or used elsewhere. */
  isPublic: boolean;
  /** Generic parameters: `T` of `final class Protected<T>`. */
  typeParameters: string[];
}

export interface PropertyFact {
  name: string;
  /** Owner type name; undefined for a global. */
  typeName?: string;
  file: string;
  span: Span;
  nameSpan: Span;
  isStatic: boolean;
  isLazy: boolean;
  isComputed: boolean;
  declaredType?: string;
  /** The first generic argument of the declared type: `State` of `Protected<State>`. */
  declaredTypeArgument?: string;
  initializer?: ValueExpr;
  getterReturns: ValueExpr[];
}

export interface ParameterFact {
  externalName?: string;
  name: string;
  type?: string;
  defaultValue?: ValueExpr;
}

export interface FunctionFact {
  id: number;
  name: string;
  /** Swift selector-style name: `urlSession(_:downloadTask:didFinishDownloadingTo:)`. */
  selector: string;
  typeName?: string;
  file: string;
  span: Span;
  nameSpan: Span;
  bodySpan?: Span;
  params: ParameterFact[];
  isStatic: boolean;
  isAsync: boolean;
  kind: 'function' | 'init' | 'deinit';
  returns: ValueExpr[];
  attributes: string[];
}

/** `receiver.method(…)`: the calls rules care about (tasks, invalidation, …). */
export interface MethodCall {
  file: string;
  /** The whole call, trailing closures included. */
  span: Span;
  /** The method name. */
  nameSpan: Span;
  /** From the method name to the closing parenthesis of its arguments (trailing closures left out). */
  callSpan: Span;
  method: string;
  receiver: ValueExpr;
  receiverText: string;
  labels: (string | undefined)[];
  /** A trailing closure or a `completionHandler:` argument. */
  hasCompletionHandler: boolean;
  isAwaited: boolean;
  functionId?: number;
  inLoop: boolean;
  /** The arguments in the parentheses (trailing closures left out), in order. */
  args: CallArgument[];
}

/** One argument of a recorded call: its label, its value as far as the file can tell, and where it is. */
export interface CallArgument {
  label?: string;
  value: ValueExpr;
  text: string;
  /** The argument's value (without its label). */
  span: Span;
}

/**
 * Alamofire's `Session(configuration:…)` / `Session(session:delegate:rootQueue:…)`. Recorded apart
 * from `SessionCreation`: it is not a URLSession, so it never makes a background session.
 */
export interface AlamofireSessionCreation {
  file: string;
  span: Span;
  /** `configuration` or `session`: what the first argument is. */
  label: 'configuration' | 'session';
  argument: ValueExpr;
  argumentSpan: Span;
  functionId?: number;
}

/** A call of a plain function or method by name, for call counts and lifecycle checks (`exit(0)`). */
export interface CallSite {
  file: string;
  span: Span;
  name: string;
  /** True for `foo()`, false for `x.foo()`. */
  isBare: boolean;
  /** `.foo()`: a static member of the type the context expects. */
  isImplicitMember: boolean;
  labels: (string | undefined)[];
  argumentTexts: string[];
  /** The values of the arguments in the parentheses, in order (parallel to `labels`). */
  argumentValues: ValueExpr[];
  /** What `x.foo()` is called on; undefined for a bare `foo()` (then `typeName` tells whose `self`). */
  receiver?: ValueExpr;
  /** The type whose code makes the call. */
  typeName?: string;
  /** Closures written after the parentheses fill the last parameters. */
  trailingClosures: number;
  functionId?: number;
  /** The property whose initializer or getter makes the call. */
  property?: CreationContext['property'];
  inLoop: boolean;
  /** Inside a closure: when (and how often) it runs is up to whatever it is handed to. */
  inClosure: boolean;
}

/** `receiver.property = value` for the configuration and request properties rules care about. */
export interface PropertySet {
  file: string;
  span: Span;
  /** From the property name to the end of the value: what a diagnostic underlines. */
  propertySpan: Span;
  valueSpan: Span;
  receiver: ValueExpr;
  receiverText: string;
  property: string;
  valueText: string;
  value: ValueExpr;
  functionId?: number;
}

/** `self.name = value` or `name = value` on a member, inside a type's own code. */
export interface MemberAssignment {
  typeName: string;
  name: string;
  value: ValueExpr;
  /** The function (or initializer) whose body assigns it. */
  functionId?: number;
}

export interface SubjectAssignment {
  file: string;
  /** What the method taking the closure is called on. */
  receiver: ValueExpr;
  name: string;
  value: ValueExpr;
}

export interface FileFacts {
  file: string;
  /** Facts about delegate methods and handleEvents bodies (see delegateFacts.ts). */
  delegate: import('./delegateFacts').DelegateFacts;
  types: TypeFact[];
  properties: PropertyFact[];
  functions: FunctionFact[];
  configCreations: ConfigCreation[];
  sessionCreations: SessionCreation[];
  methodCalls: MethodCall[];
  callSites: CallSite[];
  propertySets: PropertySet[];
  memberAssignments: MemberAssignment[];
  alamofireSessions: AlamofireSessionCreation[];
  /** Task-creating calls whose task is never resumed (taskResumption.ts). */
  neverResumedTasks: Span[];
  /**
   * `$0.session = s` in a closure handed to a method of `receiver` (`state.write { $0.session = s }`):
   * a lock or box wrapper writing into the value it guards.
   */
  subjectAssignments: SubjectAssignment[];
  /** Identifiers from `notableIdentifiers` that occur in the file (e.g. `becomeDownload`). */
  notableIdentifiers: string[];
  /** The file has a syntax error somewhere (facts near it may be missing). */
  hasSyntaxErrors: boolean;
  /** Nested deeper than the walk follows (generated code): facts are incomplete, rules skip it. */
  tooDeep: boolean;
}
