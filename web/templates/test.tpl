{{%AUTOESCAPE context="HTML"}}{{>HEAD}}
<p class="crumbs"><a href="{{ROOT}}index.html">Matrix</a> › <a href="{{PROGRAM_HREF}}">{{ENTRY}}</a></p>
<h1>{{ID}}</h1>
<p class="lede">{{DESCRIPTION}}</p>

<h2>Test</h2>
<dl class="facts">
<dt>Command</dt><dd><code>{{COMMAND}}</code></dd>
{{#CWD}}<dt>Working folder</dt><dd><code>{{VALUE}}</code></dd>{{/CWD}}
{{#STDIN}}<dt>Standard input</dt><dd><code>{{VALUE}}</code></dd>{{/STDIN}}
<dt>Inputs</dt><dd>{{#INPUT}}<code>{{VALUE}}</code> {{/INPUT}}{{#NO_INPUT}}none{{/NO_INPUT}}</dd>
{{#PRODUCES}}<dt>Must produce</dt><dd>{{#FILE}}<code>{{VALUE}}</code> {{/FILE}}</dd>{{/PRODUCES}}
<dt>Expected exit code</dt><dd>{{EXPECT_EXIT}}</dd>
<dt>Timeout</dt><dd>{{TIMEOUT}} s{{#REPEAT}}, {{N}} repeats{{/REPEAT}}</dd>
<dt>Output format</dt><dd>{{OUTPUT_FORMAT}}</dd>
<dt>Normalisation</dt><dd>{{#RULE}}<div><strong>{{NAME}}</strong>{{#REGEX}}: <code>{{REGEX}}</code> → <code>{{REPLACE}}</code>{{/REGEX}}</div>{{/RULE}}</dd>
</dl>

<h2>Reference</h2>
{{#REFERENCE}}<p class="reference-origin">{{ORIGIN_TEXT}}</p>
<dl class="facts"><dt>Exit code</dt><dd>{{EXIT_CODE}}</dd>
<dt>Output</dt><dd>{{OUTPUT}}</dd>
{{#SUBTESTS}}<dt>Sub-tests</dt><dd>{{N}} expected outcomes</dd>{{/SUBTESTS}}
{{#FILES}}<dt>Files</dt><dd>{{N}} with their sha256</dd>{{/FILES}}
{{#TIMING}}<dt>Timing on the device</dt><dd>median {{MEDIAN}}</dd>{{/TIMING}}</dl>
{{/REFERENCE}}{{#NO_REFERENCE}}<p class="reference-origin">No reference result: the test is judged by its own expectation (exit code {{EXPECT_EXIT}}).</p>
{{/NO_REFERENCE}}
<h2>Timings</h2>
{{#CHART}}{{SVG:none}}
<p class="note">Wall time of each repeat (dots) and the median (bar) per target; the native linux-x64 build as <em>host</em>, and the recorded reference's median when there is one.</p>
{{/CHART}}{{#NO_CHART}}<p class="note">No timings recorded.</p>{{/NO_CHART}}
<table class="data"><thead><tr><th scope="col">Target</th><th scope="col">Outcome</th><th scope="col" class="num">Repeats</th><th scope="col" class="num">Median</th><th scope="col" class="num">Against host</th></tr></thead>
<tbody>{{#TIMING_ROW}}<tr><th scope="row">{{TARGET}}</th><td>{{OUTCOME}}</td><td class="num">{{REPEATS}}</td><td class="num">{{MEDIAN}}</td><td class="num">{{RATIO}}</td></tr>
{{/TIMING_ROW}}</tbody></table>

<h2>Results per target</h2>
{{#TARGET}}<section id="target-{{TARGET}}" class="target-result" aria-labelledby="heading-{{TARGET}}">
<h3 id="heading-{{TARGET}}"><a href="{{TARGET_HREF}}">{{TARGET}}</a> <span class="badge s-{{CLASS}}"><span class="glyph" aria-hidden="true">{{GLYPH}}</span> {{STATUS}}</span>{{#CHANGE}} <span class="badge s-other">{{WHAT}} since the previous run</span>{{/CHANGE}}</h3>
<dl class="facts">
<dt>Run</dt><dd>{{RUN}}</dd>
{{#RESULT}}<dt>Outcome</dt><dd>{{OUTCOME}}{{#EXIT}}, exit code {{CODE}}{{/EXIT}}</dd>
{{/RESULT}}<dt>Why</dt><dd>{{REASON}}</dd>
{{#KNOWN}}<dt>Known issue</dt><dd>{{#LINK}}<a href="{{URL}}">{{ID}}</a>{{/LINK}}{{#NO_LINK}}{{ID}}{{/NO_LINK}}: {{TITLE}}</dd>
{{/KNOWN}}{{#NEW_FAILURE}}<dt>Known issue</dt><dd>none: a new failure</dd>
{{/NEW_FAILURE}}{{#BUNDLE}}<dt>Reproducer</dt><dd><a href="{{HREF}}">bundle for upstream (tar.gz: README, run.sh, traces)</a></dd>
{{/BUNDLE}}{{#WINE}}<dt>wine</dt><dd>{{ERR}} err lines, {{FIXME}} fixme lines{{#UNIMPLEMENTED}}; unimplemented: {{#FN}}<code>{{NAME}}</code> {{/FN}}{{/UNIMPLEMENTED}}{{#MISSING_DLLS}}; missing DLLs: {{#DLL}}<code>{{NAME}}</code> {{/DLL}}{{/MISSING_DLLS}}</dd>
{{/WINE}}</dl>
{{#WINE_ERRORS}}<h4>wine's error lines (first {{N}})</h4><pre class="log">{{TEXT:pre_escape}}</pre>
{{/WINE_ERRORS}}{{#DIFF}}<h4>Normalised output against {{AGAINST}}</h4>
<p class="note">Normalised first: {{RULES}}</p>
<pre class="diff">{{#LINE}}<span class="{{CLASS}}">{{TEXT:pre_escape}}</span>{{NL:pre_escape}}{{/LINE}}</pre>
{{/DIFF}}{{#OUTPUT}}<h4>Standard output, normalised{{#CUT}} (first {{SHOWN}} of {{BYTES}} bytes){{/CUT}}</h4>
<pre class="output">{{TEXT:pre_escape}}</pre>
{{/OUTPUT}}{{#COUNTS}}<p class="counts">wine's counters: {{EXECUTED}} assertions executed, {{FAILURES}} failed; {{TODO}} todo, {{FLAKY}} flaky, {{SKIPPED}} skipped.</p>
{{/COUNTS}}{{#SUBTEST_TABLE}}<h4>Sub-tests: {{SUMMARY}}</h4>
<table class="data"><thead><tr><th scope="col">Sub-test</th><th scope="col">Outcome</th><th scope="col">Message</th></tr></thead>
<tbody>{{#SUB}}<tr><th scope="row">{{#SOURCE}}<a href="{{URL}}" title="the source line, at the version the test was built from">{{NAME}}</a>{{/SOURCE}}{{#NO_SOURCE}}{{NAME}}{{/NO_SOURCE}}</th><td>{{OUTCOME}}{{#KNOWN_LINE}}<br><span class="muted" title="{{TITLE}}">known: {{ID}}</span>{{/KNOWN_LINE}}</td><td>{{MESSAGE}}</td></tr>
{{/SUB}}</tbody></table>{{#MORE}}<p class="note">{{N}} more not shown.</p>{{/MORE}}
{{/SUBTEST_TABLE}}<h4>History</h4>
<ol class="history" aria-label="{{TARGET}} across the published runs, oldest first">{{#H}}<li class="s-{{CLASS}}" title="run {{RUN}} ({{STARTED}}): {{REASON}}"><span aria-hidden="true">{{GLYPH}}</span><span class="visually-hidden">run {{RUN}}: {{STATUS}}</span></li>{{/H}}</ol>
</section>
{{/TARGET}}
{{>FOOT}}
