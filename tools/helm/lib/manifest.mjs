// Parses `helm template` output into Kubernetes objects, with a problem per unparsable document.
import YAML from 'yaml';

export function parseManifest(manifest) {
  const objects = [];
  const problems = [];
  for (const doc of YAML.parseAllDocuments(manifest)) {
    const source = doc.commentBefore?.match(/Source: (\S+)/)?.[1] ?? 'document';
    if (doc.errors.length) {
      problems.push(`${source}: YAML error: ${doc.errors.map((e) => e.message).join('; ')}`);
      continue;
    }
    const obj = doc.toJS();
    if (obj === null || obj === undefined) continue;
    if (typeof obj !== 'object' || !obj.apiVersion || !obj.kind || !obj.metadata?.name) {
      problems.push(`${source}: not a Kubernetes object (apiVersion, kind, metadata.name)`);
      continue;
    }
    objects.push(obj);
  }
  return { objects, problems };
}
