'use strict';
// Pure summary of a V8 CPU profile (.cpuprofile from `node --cpu-prof`): self time per
// function and per package, so a run can say where the CPU went without opening a flame graph.

/** Where a frame's code lives: an npm package, the product's own code, or V8/Node itself. */
function packageOf(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const own = /\/(apps|libs)\/([^/]+)(?:\/([^/]+))?/.exec(url);
  if (own)
    return own[1] === 'libs' && own[2] === 'platform'
      ? `libs/platform/${own[3]}`
      : `${own[1]}/${own[2]}`;
  if (url.startsWith('node:')) return 'node core';
  return '(other)';
}

/** A frame's file from node_modules/ or apps/ / libs/ on, for short readable keys. */
function shortUrl(url) {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm);
  const own = url.search(/\/(apps|libs)\//);
  return own >= 0 ? url.slice(own + 1) : url;
}

function sortedShares(map, totalUs, top) {
  return [...map.entries()]
    .map(([key, us]) => ({ key, selfMs: us / 1000, share: totalUs > 0 ? us / totalUs : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top);
}

const RUNTIME = new Set(['(native)', 'node core', '(other)']);

/**
 * The package that caused a sample: the frame's own package, or for native / Node core frames
 * (socket writes, buffers) the nearest caller that belongs to a package or the product.
 */
function ownerOf(node, parents, nodes) {
  let current = node;
  while (current) {
    const pkg = packageOf(current.callFrame.url, current.callFrame.functionName);
    if (!RUNTIME.has(pkg)) return pkg;
    current = nodes.get(parents.get(current.id));
  }
  return packageOf(node.callFrame.url, node.callFrame.functionName);
}

/** { totalMs, byFunction, byPackage, byCaller: [{ key, selfMs, share }] } of one profile. */
function summarizeProfile(profile, top = 15) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
  const byCaller = new Map();
  const byFunction = new Map();
  const byPackage = new Map();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas?.[i] ?? 0;
    const node = nodes.get(id);
    if (!node || dt <= 0) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') return;
    totalUs += dt;
    const where = url ? ` ${shortUrl(url)}:${lineNumber + 1}` : '';
    const fn = `${functionName || '(anonymous)'}${where}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
    const pkg = packageOf(url, functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt);
    const owner = ownerOf(node, parents, nodes);
    byCaller.set(owner, (byCaller.get(owner) ?? 0) + dt);
  });
  return {
    totalMs: totalUs / 1000,
    byFunction: sortedShares(byFunction, totalUs, top),
    byPackage: sortedShares(byPackage, totalUs, top),
    byCaller: sortedShares(byCaller, totalUs, top),
  };
}

module.exports = { packageOf, summarizeProfile };
