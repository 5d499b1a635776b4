// The selectors of the delegate and app methods the rules look for (the one list of them).
export const selectors = {
  handleEvents: 'application(_:handleEventsForBackgroundURLSession:completionHandler:)',
  handleEventsAsync: 'application(_:handleEventsForBackgroundURLSession:)',
  didFinishEvents: 'urlSessionDidFinishEvents(forBackgroundURLSession:)',
  didFinishDownloading: 'urlSession(_:downloadTask:didFinishDownloadingTo:)',
  didComplete: 'urlSession(_:task:didCompleteWithError:)',
  didBecomeInvalid: 'urlSession(_:didBecomeInvalidWithError:)',
  redirect: 'urlSession(_:task:willPerformHTTPRedirection:newRequest:completionHandler:)',
} as const;
