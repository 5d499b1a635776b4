// The output formats by name.
import type { Format } from '../args';
import { formatGithub } from './github';
import { formatJson } from './json';
import type { Reporter } from './report';
import { formatSarif } from './sarif';
import { formatXcode } from './xcode';

export const reporters: Record<Format, Reporter> = {
  xcode: formatXcode,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
};
