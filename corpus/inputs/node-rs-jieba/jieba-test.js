'use strict';
// Loads @node-rs/jieba's native module (the .node in ./package) and checks its Chinese word
// segmentation on the examples jieba-rs and @node-rs/jieba document.
//   node jieba-test.js segment  : cut (with and without HMM), cutAll, cutForSearch, tag, a custom dictionary
//   node jieba-test.js keywords : TF-IDF keyword extraction, cutAsync, a long text
// The native package carries no dictionary (@node-rs/jieba ships dict.txt and idf.txt in its JS
// package), so the test brings dict-subset.txt and idf-subset.txt, cut from those two files of
// @node-rs/jieba 2.0.3 so that the results are the same as with the whole files:
//  - dict-subset.txt: every line of dict.txt whose word occurs anywhere in SENTENCES (every word
//    the segmenter can look up there, so the same word graph), and one line "woa-dict-rest" with
//    the rest of the file's total frequency (60,101,964), so every word keeps its probability;
//  - idf-subset.txt: every line of idf.txt whose word occurs in SENTENCES, and n+1 lines
//    "woa-idf-median-K" carrying the whole file's median IDF, which keeps that median (used for
//    words not in the file).
// Nothing here depends on the OS: the segmentation model (HMM) is compiled into the module.
const fs = require('node:fs');
const path = require('node:path');

const S = {
  traitor: '我们中出了一个叛徒',
  traitorEmoji: '我们中出了一个叛徒👪',
  tsinghua: '我来到北京清华大学',
  netease: '他来到了网易杭研大厦',
  tennis: 'abc网球拍卖会def',
  bridge: '南京市长江大桥',
  xiaoming: '小明硕士毕业于中国科学院计算所，后在日本京都大学深造',
  tractor: '我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。',
  duck: '今天纽约的天气真好啊，京华大酒店的张尧经理吃了一只北京烤鸭。',
  xing: '人要是行干一行行一行，一行行行行行，行行行干哪行都行',
  duck3: '今天纽约的天气真好啊，京华大酒店的张尧经理吃了一只北京烤鸭。后天纽约的天气不好，昨天纽约的天气也不好，北京烤鸭真好吃',
  jilin: '此外，公司拟对全资子公司吉林欧亚置业有限公司增资4.3亿元，增资后，吉林欧亚置业注册资本由7000万元增加到5亿元。吉林欧亚置业主要经营范围为房地产开发及百货零售等业务。目前在建吉林欧亚城市商业综合体项目。2013年，实现营业收入0万元，实现净利润-139.13万元。',
  chem: '生化学不是光化学的,',
};
module.exports = { SENTENCES: S };

async function main() {
  const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
  const { Jieba, TfIdf } = require(path.resolve('package', file));
  const { check, attempt, finish } = require('./tap.js');
  const dict = fs.readFileSync('dict-subset.txt');
  const jieba = Jieba.withDict(dict);
  const slash = (a) => a.join('/');
  const mode = process.argv[2];
  if (mode === 'segment') {
    // jieba-rs's own tests (src/lib.rs: test_cut_no_hmm, test_cut_with_hmm, test_cut_all,
    // test_cut_for_search, test_tag) and @node-rs/jieba's README.
    check('cut traitor, no HMM (README)', slash(jieba.cut(S.traitor, false)), '我们/中/出/了/一个/叛徒');
    check('cut traitor, HMM', slash(jieba.cut(S.traitor, true)), '我们/中出/了/一个/叛徒');
    check('cut traitor + emoji, HMM', slash(jieba.cut(S.traitorEmoji, true)), '我们/中出/了/一个/叛徒/👪');
    check('cut tsinghua, HMM', slash(jieba.cut(S.tsinghua, true)), '我/来到/北京/清华大学');
    check('cut netease, HMM finds unknown 杭研', slash(jieba.cut(S.netease, true)), '他/来到/了/网易/杭研/大厦');
    check('cut mixed ASCII, no HMM', slash(jieba.cut(S.tennis, false)), 'abc/网球/拍卖会/def');
    check('cut a Uint8Array of UTF-8', slash(jieba.cut(Buffer.from(S.tsinghua), true)), '我/来到/北京/清华大学');
    check('cutAll mixed ASCII', slash(jieba.cutAll(S.tennis)), 'abc/网/网球/网球拍/球/球拍/拍/拍卖/拍卖会/卖/会/def');
    check('cutAll tsinghua', slash(jieba.cutAll(S.tsinghua)), '我/来/来到/到/北/北京/京/清/清华/清华大学/华/华大/大/大学/学');
    check('cutForSearch bridge', slash(jieba.cutForSearch(S.bridge, true)), '南京/京市/南京市/长江/大桥/长江大桥');
    check('cutForSearch xiaoming', slash(jieba.cutForSearch(S.xiaoming, true)),
      '小明/硕士/毕业/于/中国/科学/学院/科学院/中国科学院/计算/计算所/，/后/在/日本/京都/大学/日本京都大学/深造');
    const tags = (s) => jieba.tag(s, true).map((t) => `${t.word}:${t.tag}`).join(' ');
    check('tag tractor', tags(S.tractor),
      '我:r 是:v 拖拉机:n 学院:n 手扶拖拉机:n 专业:n 的:uj 。:x 不用:v 多久:m ，:x 我:r 就:d 会:v 升职:v 加薪:nr ，:x 当上:t CEO:eng ，:x 走上:v 人生:n 巅峰:n 。:x');
    check('tag duck', tags(S.duck),
      '今天:t 纽约:ns 的:uj 天气:n 真好:d 啊:zg ，:x 京华:nz 大酒店:n 的:uj 张尧:x 经理:n 吃:v 了:ul 一只:m 北京烤鸭:n 。:x');
    // @node-rs/jieba's README, "Load custom dictionaries": Before (the default dictionary) and After.
    const custom = Buffer.from(['哪行 50', '干一行 51', '行一行 52', '行行 53'].join('\n'), 'utf-8');
    check('custom words, before', slash(jieba.cut(S.xing, false)), '人/要是/行/干/一行行/一行/，/一行行/行/行/行/，/行/行/行/干/哪/行/都行');
    jieba.loadDict(custom);
    check('custom words, after loadDict', slash(jieba.cut(S.xing, false)), '人/要是/行/干一行/行一行/，/一行行/行行/行/，/行行/行/干/哪行/都行');
    check('empty dictionary: single characters', slash(new Jieba().cut(S.traitor, false)), '我/们/中/出/了/一/个/叛/徒');
  } else if (mode === 'keywords') {
    const idf = TfIdf.withDict(fs.readFileSync('idf-subset.txt'));
    // @node-rs/jieba's README: the three keywords with their weights.
    check('tf-idf README example', idf.extractKeywords(jieba, S.duck3, 3), [
      { keyword: '北京烤鸭', weight: 1.3904870323222223 },
      { keyword: '纽约', weight: 1.121759684755 },
      { keyword: '天气', weight: 1.0766573240983333 },
    ]);
    // jieba-rs's doc test of extract_keywords (src/keywords/tfidf.rs): the keywords, and with POS filter.
    check('tf-idf top 5', idf.extractKeywords(jieba, S.jilin, 5).map((k) => k.keyword), ['欧亚', '吉林', '置业', '万元', '增资']);
    check('tf-idf top 5 of ns/n/vn/v', idf.extractKeywords(jieba, S.jilin, 5, ['ns', 'n', 'vn', 'v']).map((k) => k.keyword),
      ['欧亚', '吉林', '置业', '增资', '实现']);
    // index.d.ts's TfIdf.loadDict example: one IDF entry (so it is also the median), then a second merged in.
    const small = new TfIdf();
    small.loadDict(Buffer.from('生化学 13.900677652\n'));
    check('tf-idf one-entry dictionary', small.extractKeywords(jieba, S.chem, 3), [
      { keyword: '不是', weight: 4.6335592173333335 },
      { keyword: '光化学', weight: 4.6335592173333335 },
      { keyword: '生化学', weight: 4.6335592173333335 },
    ]);
    small.loadDict(Buffer.from('光化学 99.123456789\n'));
    check('tf-idf after merging a second entry', small.extractKeywords(jieba, S.chem, 3), [
      { keyword: '不是', weight: 33.041152263 },
      { keyword: '光化学', weight: 33.041152263 },
      { keyword: '生化学', weight: 4.6335592173333335 },
    ]);
    // cutAsync on the libuv thread pool, 32 at once, each the same as cut.
    const names = Object.keys(S);
    await attempt('cutAsync x32 == cut', true, async () => {
      const jobs = [];
      for (let i = 0; i < 32; i++) { const s = S[names[i % names.length]]; jobs.push(jieba.cutAsync(s, true).then((w) => slash(w) === slash(jieba.cut(s, true)))); }
      return (await Promise.all(jobs)).every(Boolean);
    });
    // A long text: every sentence 400 times, one per line; the words are the lines' words with "\n" between.
    const lines = []; for (let i = 0; i < 400; i++) for (const n of names) lines.push(S[n]);
    const want = []; lines.forEach((l, i) => { if (i) want.push('\n'); want.push(...jieba.cut(l, true)); });
    const got = jieba.cut(lines.join('\n'), true);
    check('long text word count', got.length, want.length);
    check('long text == line by line', slash(got) === slash(want), true);
  } else { console.log('usage: jieba-test.js segment|keywords'); process.exit(2); }
  finish(`jieba ${mode}`);
}
if (require.main === module) main();
