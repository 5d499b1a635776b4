// httpBody / httpBodyStream set on a request that is then handed to an upload task, which takes
// its body from the file or data argument (or, streamed, from the delegate) instead.
import type { FunctionFact, MethodCall, PropertySet, ValueExpr } from '../facts/facts';
import type { Rule, RuleContext } from './ruleTypes';
import { callSiteAt } from './nodeAt';

export const uploadBodyIgnored: Rule = {
  meta: {
    id: 'upload-body-ignored',
    severity: 'info',
    fix: 'none',
    summary: 'httpBody or httpBodyStream set on a request used for an upload task: the body comes from the file or data argument.',
  },
  check(context) {
    for (const set of context.facts.propertySets) {
      if (!setsBody(set) || set.functionId === undefined) continue;
      const upload = context.facts.methodCalls.find((call) => call.functionId === set.functionId && call.span.start > set.span.end && uploadsRequest(call, set));
      if (!upload) continue;
      context.report({
        span: set.propertySpan,
        message: `The upload task below ${whereTheBodyComesFrom(upload)} and ignores the request's ${set.property}, so this body is never sent.`,
        related: [{ file: upload.file, span: upload.callSpan, message: 'The request is uploaded here.' }],
      });
    }
    reportRequestsFromHelpers(context);
  },
};

function setsBody(set: PropertySet): boolean {
  return (set.property === 'httpBody' || set.property === 'httpBodyStream') && set.valueText !== 'nil';
}

function whereTheBodyComesFrom(upload: MethodCall): string {
  if (upload.labels[0] === 'withStreamedRequest') return "takes its body from the delegate's urlSession(_:task:needNewBodyStream:)";
  return upload.args[1]?.label === 'fromFile' ? 'sends the file' : 'sends the data argument';
}

/** The request argument of an upload task: `uploadTask(with:fromFile:/from:)`, `upload(for:…)`, `uploadTask(withStreamedRequest:)`. */
function uploadedRequest(call: MethodCall) {
  const [request, body] = call.args;
  if (call.method === 'uploadTask' && request?.label === 'withStreamedRequest' && call.args.length === 1) return request;
  const isUpload = (call.method === 'uploadTask' && request?.label === 'with') || (call.method === 'upload' && request?.label === 'for');
  if (!isUpload || (body?.label !== 'fromFile' && body?.label !== 'from')) return undefined;
  if (body.value.kind === 'nil') return undefined; // `from: nil`: what is sent then is not documented, so stay quiet
  return request;
}

/** The upload sends the same local request the body was set on. */
function uploadsRequest(call: MethodCall, set: PropertySet): boolean {
  const request = uploadedRequest(call);
  return !!request && request.text === set.receiverText && sameLocalValue(request.value, set.receiver);
}

/** `uploadTask(with: makeRequest(data), fromFile: file)`: the helper that builds the request sets a body on it. */
function reportRequestsFromHelpers(context: RuleContext): void {
  for (const upload of context.facts.methodCalls) {
    const request = uploadedRequest(upload);
    const made = request ? madeBy(request.value) : undefined;
    if (!made) continue;
    const site = callSiteAt(context.facts.callSites, made.span);
    for (const helper of site ? context.workspace.callGraph.calleesOf(site) : []) {
      const set = bodyOnReturnedRequest(context, helper);
      if (!set) continue;
      context.report({
        span: upload.callSpan,
        message: `'${helper.name}' sets ${set.property} on the request, but this upload task ${whereTheBodyComesFrom(upload)} and ignores it, so that body is never sent.`,
        related: [{ file: set.file, span: set.propertySpan, message: `'${helper.name}' sets the ignored body here.` }],
      });
      break;
    }
  }
}

/** The call a request value comes from, directly or through a local bound to it. */
function madeBy(value: ValueExpr): Extract<ValueExpr, { kind: 'call' }> | undefined {
  if (value.kind === 'call') return value;
  if (value.kind === 'union' && value.values.length === 1) return madeBy(value.values[0]);
  return undefined;
}

function bodyOnReturnedRequest(context: RuleContext, helper: FunctionFact): PropertySet | undefined {
  const sets = context.workspace.get(helper.file)?.propertySets ?? [];
  return sets.find((set) => set.functionId === helper.id && setsBody(set) && helper.returns.some((returned) => sameLocalValue(returned, set.receiver)));
}

/** Both expressions read the same local binding (its values are shared objects, not copies). */
function sameLocalValue(a: ValueExpr, b: ValueExpr): boolean {
  const valuesA = a.kind === 'union' ? a.values : [a];
  const valuesB = b.kind === 'union' ? b.values : [b];
  if (valuesA.length !== valuesB.length) return false;
  return valuesA.every((value) => valuesB.includes(value));
}
