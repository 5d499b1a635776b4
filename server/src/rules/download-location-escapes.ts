// didFinishDownloadingTo's `location` used after the method returns: the file is gone by then.
import type { Rule } from './ruleTypes';

export const downloadLocationEscapes: Rule = {
  meta: {
    id: 'download-location-escapes',
    severity: 'error',
    fix: 'none',
    summary: 'In urlSession(_:downloadTask:didFinishDownloadingTo:), the downloaded file\'s location is used by work that runs after the method returns.',
  },
  check(context) {
    for (const escape of context.facts.delegate.locationEscapes) {
      const name = context.text.slice(escape.span.start, escape.span.end);
      const how =
        escape.how === 'stored'
          ? `'${name}' is stored for later`
          : escape.how === 'afterAwait'
            ? `'${name}' is used after an await`
            : `'${name}' is used in work that runs after didFinishDownloadingTo returns`;
      context.report({
        span: escape.span,
        message: `${how}, but the system deletes the downloaded file as soon as the method returns; move or read the file synchronously inside the method.`,
      });
    }
  },
};
