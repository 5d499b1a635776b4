// httpBody / httpBodyStream set on a request that is then handed to an upload task, which takes
// its body from the file or data argument instead.
import type { MethodCall, PropertySet, ValueExpr } from '../facts/facts';
import type { Rule } from './ruleTypes';

export const uploadBodyIgnored: Rule = {
  meta: {
    id: 'upload-body-ignored',
    severity: 'info',
    seed: 'S3',
    fix: 'none',
    summary: 'httpBody or httpBodyStream set on a request used for an upload task: the body comes from the file or data argument.',
  },
  check(context) {
    for (const set of context.facts.propertySets) {
      if (set.property !== 'httpBody' && set.property !== 'httpBodyStream') continue;
      if (set.valueText === 'nil' || set.functionId === undefined) continue;
      const upload = context.facts.methodCalls.find((call) => call.functionId === set.functionId && call.span.start > set.span.end && uploadsRequest(call, set));
      if (!upload) continue;
      const source = upload.args[1]?.label === 'fromFile' ? 'the file' : 'the data argument';
      context.report({
        span: set.propertySpan,
        message: `The upload task below sends ${source} and ignores the request's ${set.property}, so this body is never sent.`,
        related: [{ file: upload.file, span: upload.callSpan, message: 'The request is uploaded here.' }],
      });
    }
  },
};

/** `uploadTask(with: request, fromFile:/from:)` or `upload(for: request, fromFile:/from:)` with the same local request. */
function uploadsRequest(call: MethodCall, set: PropertySet): boolean {
  const [request, body] = call.args;
  const isUpload =
    (call.method === 'uploadTask' && request?.label === 'with') || (call.method === 'upload' && request?.label === 'for');
  if (!isUpload || (body?.label !== 'fromFile' && body?.label !== 'from')) return false;
  if (body.value.kind === 'nil') return false; // `from: nil`: what is sent then is not documented, so stay quiet
  return request.text === set.receiverText && sameLocalValue(request.value, set.receiver);
}

/** Both expressions read the same local binding (its values are shared objects, not copies). */
function sameLocalValue(a: ValueExpr, b: ValueExpr): boolean {
  const valuesA = a.kind === 'union' ? a.values : [a];
  const valuesB = b.kind === 'union' ? b.values : [b];
  if (valuesA.length !== valuesB.length) return false;
  return valuesA.every((value) => valuesB.includes(value));
}
