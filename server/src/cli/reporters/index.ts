// The output formats by name.
import type { Format } from '../args';
import { formatCheckstyle } from './checkstyle';
import { formatCodeClimate } from './codeclimate';
import { formatGithub } from './github';
import { formatJunit } from './junit';
import { formatJson } from './json';
import type { Reporter } from './report';
import { formatSarif } from './sarif';
import { formatSonarqube } from './sonarqube';
import { formatXcode } from './xcode';

export const reporters: Record<Format, Reporter> = {
  xcode: formatXcode,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  checkstyle: formatCheckstyle,
  junit: formatJunit,
  codeclimate: formatCodeClimate,
  sonarqube: formatSonarqube,
};
