{{%AUTOESCAPE context="HTML"}}{{>HEAD}}
<h1>Wine's conformance tests</h1>
<p class="lede">Wine's own tests (<code>dlls/*/tests</code>, <code>programs/*/tests</code>), built here from Debian's <code>wine</code> source package (Debian's patches applied) for arm64 and for x86-64, and run on each target. Wine's developers check these assertions on Windows, so a failure is wine's, qemu's or this machine's. An arm64 target's failures that its <strong>x86-64 control</strong> (the same suite's amd64 wine, run natively) does not have are <strong>arm64-only</strong>: bugs of wine-arm64 or qemu. Units with arm64-only failures come first.</p>
<h2>Totals</h2>
<table class="data"><thead><tr><th scope="col">Target</th><th scope="col">Architecture</th><th scope="col">Control</th><th scope="col" class="num">Units built</th><th scope="col" class="num">Files run</th><th scope="col" class="num">Files failing</th><th scope="col" class="num">Assertions</th><th scope="col" class="num">Failed</th><th scope="col" class="num">arm64-only failures</th></tr></thead>
<tbody>{{#TOTAL}}<tr><th scope="row"><a href="{{HREF}}">{{TARGET}}</a></th><td>{{ARCH}}</td><td>{{CONTROL}}</td><td class="num">{{UNITS_BUILT}} of {{UNITS}}</td><td class="num">{{FILES_RUN}}</td><td class="num">{{FILES_FAILING}}</td><td class="num">{{EXECUTED}}</td><td class="num">{{FAILURES}}</td><td class="num">{{ARM64_ONLY}}</td></tr>
{{/TOTAL}}</tbody></table>
<p class="note">Units built: units with at least one test file that compiled and ran. Assertions: the counters of wine's summary lines (<code>N tests executed … X failures</code>), summed over every process. arm64-only failures: failing lines (<code>file.c:line</code>) the control does not have, or a file that fails only on arm64. The strip under each cell is the unit's history, oldest run first, like winetest's patterns page: failed assertions per run, red when any file failed, with a <code>+</code> when a failing file printed no counters (a crash or a timeout).</p>
<h2>Units</h2>
<table class="data wine-units"><thead><tr><th scope="col">Unit</th>{{#TARGET_HEAD}}<th scope="col">{{TARGET}}</th>{{/TARGET_HEAD}}</tr></thead>
<tbody>{{#UNIT}}<tr id="unit-{{UNIT}}"><th scope="row"><a href="{{HREF}}">{{UNIT}}</a><br><span class="muted">{{DIR}}</span></th>{{#CELL}}<td class="s-{{CLASS}}" title="{{TARGET}}: {{STATUS}}">{{FAILING}} of {{RUN}} files failing{{#NOT_BUILT}}, {{N}} not built{{/NOT_BUILT}}{{#ARM64_ONLY}}<br><strong>{{N}} arm64-only</strong>{{/ARM64_ONLY}}<br><span class="muted">{{FAILURES}} of {{EXECUTED}} assertions failed</span>
<ol class="history strip" aria-label="{{UNIT}} on {{TARGET}}: failed assertions per run, oldest first">{{#H}}<li class="s-{{CLASS}}" title="{{TEXT}}">{{N}}</li>{{/H}}</ol></td>{{/CELL}}</tr>
{{/UNIT}}</tbody></table>
{{>FOOT}}
