{{%AUTOESCAPE context="HTML"}}{{>HEAD}}
<p class="crumbs"><a href="{{ROOT}}index.html">Matrix</a></p>
<h1>{{TITLE}} <span class="muted">{{ENTRY}}</span></h1>
<p class="lede">{{DESCRIPTION}}</p>
<dl class="facts">
<dt>Upstream</dt><dd>{{#UPSTREAM_LINK}}<a href="{{URL}}">{{URL}}</a>{{/UPSTREAM_LINK}}{{#UPSTREAM_TEXT}}{{TEXT}}{{/UPSTREAM_TEXT}}</dd>
<dt>Licence</dt><dd>{{LICENCE}}{{#REDISTRIBUTABLE}} (redistributable){{/REDISTRIBUTABLE}}</dd>
<dt>Version</dt><dd>{{VERSION_TEXT}}</dd>
<dt>Source</dt><dd><code>{{SOURCE}}</code></dd>
{{#INTEGRITY}}<dt>Integrity</dt><dd><code>{{VALUE}}</code></dd>{{/INTEGRITY}}
<dt>Toolchain</dt><dd>{{TOOLCHAIN}}</dd>
<dt>Tags</dt><dd>{{TAGS}}</dd>
{{#RUNTIME}}<dt>Runs under</dt><dd><a href="{{HREF}}">{{ID}}</a></dd>{{/RUNTIME}}
{{#HOST_BASELINE}}<dt>Host baseline</dt><dd><code>{{SOURCE}}</code> (native linux-x64 build)</dd>{{/HOST_BASELINE}}
<dt>Executables</dt><dd>{{#EXE}}<code>{{NAME}}</code> {{MACHINE}} {{/EXE}}</dd>
</dl>

<h2>Imports</h2>
{{#INSPECTED}}{{#TARGET_MISSING}}<h3>What {{TARGET}}'s wine lacks</h3>
{{#NONE}}<p>Every imported function is provided.</p>{{/NONE}}{{#SOME}}<table class="data"><thead><tr><th scope="col">Function</th><th scope="col">Effect</th><th scope="col">Why</th></tr></thead>
<tbody>{{#FN}}<tr><th scope="row"><code>{{NAME}}</code></th><td>{{EFFECT}}</td><td>{{WHY}}</td></tr>
{{/FN}}</tbody></table>{{/SOME}}
{{/TARGET_MISSING}}<h3>Imported DLLs</h3>
<table class="data"><thead><tr><th scope="col">DLL</th><th scope="col" class="num">Functions</th></tr></thead>
<tbody>{{#DLL}}<tr><th scope="row"><code>{{NAME}}</code></th><td class="num">{{N}}</td></tr>
{{/DLL}}</tbody></table>
{{/INSPECTED}}{{#NOT_INSPECTED}}<p class="note">Not inspected: {{NOTE}}.</p>{{/NOT_INSPECTED}}

<h2>Tests</h2>
<table class="data"><thead><tr><th scope="col">Test</th>{{#TARGET_HEAD}}<th scope="col" data-target="{{TARGET}}"><a href="{{HREF}}">{{TARGET}}</a></th>{{/TARGET_HEAD}}<th scope="col" data-target="reference">Reference</th></tr></thead>
<tbody>{{#ROW}}<tr data-test="{{ID}}"><th scope="row"><a href="{{HREF}}">{{NAME}}</a></th>{{#CELL}}<td data-target="{{TARGET}}" data-status="{{STATUS}}" data-reference="{{REFERENCE}}" title="{{REASON}}" class="s-{{CLASS}}"><a href="{{HREF}}"><span class="glyph" aria-hidden="true">{{GLYPH}}</span> {{LABEL}}{{#NO_REF}} <span class="mark">no reference</span>{{/NO_REF}}</a></td>{{/CELL}}<td data-target="reference">{{ORIGIN}}</td></tr>
{{/ROW}}</tbody></table>
{{>FOOT}}
