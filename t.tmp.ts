import * as Y from 'yjs';
function run(name: string, f: (doc: Y.Doc, i: number) => void, n = 20000) {
  const doc = new Y.Doc(); const t = performance.now();
  for (let i = 0; i < n; i++) f(doc, i);
  console.log(name, performance.now() - t, Y.encodeStateAsUpdate(doc).length);
}
run('append plain', (d, i) => { const t = d.getText('t'); t.insert(t.length, `w${i} `); });
run('append fmt', (d, i) => { const t = d.getText('t'); t.insert(t.length, `w${i} `, i % 2 === 0 ? { bold: true } : {}); });
run('append+del', (d, i) => { const t = d.getText('t'); t.insert(t.length, `w${i} `); if (i%5===0) t.delete(t.length - 4, 2); });
run('map', (d, i) => { d.getMap('m').set(`k${i % 1000}`, { i, tags: ['a'] }); });
run('clientchange', (d, i) => { const t = d.getText('t'); t.insert(t.length, `w${i} `); if (i % 97 === 0) d.clientID += 1; });
