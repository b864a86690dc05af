{{%AUTOESCAPE context="HTML"}}{{>HEAD}}
<p class="crumbs"><a href="{{ROOT}}index.html">Matrix</a></p>
<h1>Target {{TARGET}}</h1>
<p class="lede">As of run {{RUN}} ({{RUN_STARTED}}).</p>
<dl class="facts">
<dt>wine</dt><dd>{{WINE}} <span class="muted">from {{WINE_SOURCE}}</span></dd>
<dt>qemu</dt><dd>{{QEMU}} <span class="muted">from {{QEMU_SOURCE}}</span></dd>
<dt>qemu sha256</dt><dd><code>{{QEMU_SHA256}}</code></dd>
<dt>CPU model</dt><dd>{{CPU}}</dd>
<dt>Provisioned</dt><dd>{{PROVISIONED}}</dd>
<dt>Packages</dt><dd>{{#PACKAGE}}<code>{{NAME}} {{VERSION}}</code><br>{{/PACKAGE}}{{#MORE_PACKAGES}}<span class="muted">and {{N}} libraries of the sysroot</span>{{/MORE_PACKAGES}}</dd>
</dl>

<h2>Totals</h2>
<table class="data"><thead><tr><th scope="col">Status</th><th scope="col" class="num">Tests</th></tr></thead>
<tbody>{{#COUNT}}<tr><th scope="row"><span class="badge s-{{CLASS}}"><span class="glyph" aria-hidden="true">{{GLYPH}}</span> {{STATUS}}</span></th><td class="num">{{N}}</td></tr>
{{/COUNT}}</tbody></table>

<h2>Slowdown against the native builds</h2>
{{#CHART}}<p>Median wall time under {{TARGET}} over the native linux-x64 build's, for the {{N}} tests where both ended ok: geometric mean <strong>{{GEOMEAN}}</strong>.</p>
{{SVG:none}}
{{/CHART}}{{#NO_CHART}}<p class="note">No test has both a result here and a host baseline that ended ok.</p>{{/NO_CHART}}

<h2>Tests whose outcome differs from other targets</h2>
{{#DIFFERING}}<table class="data"><thead><tr><th scope="col">Test</th>{{#TARGET_HEAD}}<th scope="col">{{TARGET}}</th>{{/TARGET_HEAD}}</tr></thead>
<tbody>{{#ROW}}<tr><th scope="row"><a href="{{HREF}}">{{ID}}</a></th>{{#CELL}}<td class="s-{{CLASS}}" title="{{REASON}}"><span class="glyph" aria-hidden="true">{{GLYPH}}</span> {{STATUS}}</td>{{/CELL}}</tr>
{{/ROW}}</tbody></table>{{/DIFFERING}}{{#NO_DIFFERING}}<p class="note">None: every test ends the same way on the other targets (or only this target was run).</p>{{/NO_DIFFERING}}
{{>FOOT}}
