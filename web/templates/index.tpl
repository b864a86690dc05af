{{%AUTOESCAPE context="HTML"}}{{>HEAD}}
<h1>Windows on Arm programs under wine and qemu</h1>
<p class="lede">{{TEST_COUNT}} tests of {{PROGRAM_COUNT}} programs on {{TARGET_COUNT}} target(s): arm64 Windows programs run on Linux x86-64 by qemu-user and wine-arm64, judged against reference results. Regressions and new failures come first.</p>

<h2 id="counts-title">Status per target</h2>
<table id="counts" class="counts" aria-labelledby="counts-title">
<thead><tr><th scope="col">Target</th>{{#STATUS_HEAD}}<th scope="col" class="s-{{STATUS}}"><span class="glyph" aria-hidden="true">{{GLYPH}}</span> {{STATUS_NAME}}</th>{{/STATUS_HEAD}}<th scope="col" class="mark-head" title="cells of any status that no reference judges">without a reference</th></tr></thead>
<tbody>
{{#COUNT_ROW}}<tr data-target="{{TARGET}}"><th scope="row"><a href="{{HREF}}">{{TARGET}}</a> <span class="muted">{{WINE}}</span></th>{{#COUNT}}<td data-status="{{STATUS}}" data-n="{{N}}">{{N}}</td>{{/COUNT}}<td data-mark="no-reference" data-n="{{NO_REF_N}}">{{NO_REF_N}}</td></tr>
{{/COUNT_ROW}}</tbody>
</table>

<form id="filters" class="filters" role="search" aria-label="Filter the matrix">
<fieldset><legend>Status</legend>
{{#STATUS_FILTER}}<label class="chip s-{{STATUS}}"><input type="checkbox" name="status" value="{{STATUS}}" checked> <span class="glyph" aria-hidden="true">{{GLYPH}}</span> {{STATUS_NAME}}</label>
{{/STATUS_FILTER}}</fieldset>
<fieldset><legend>Reference</legend>
<label class="chip"><input type="checkbox" name="reference" value="none" checked> <span class="mark">no reference</span> cells</label>
</fieldset>
<label for="filter-tag">Tag</label>
<select id="filter-tag"><option value="">all tags</option>{{#TAG}}<option value="{{TAG}}">{{TAG}}</option>{{/TAG}}</select>
<label for="filter-target">Target</label>
<select id="filter-target"><option value="">all targets</option>{{#TARGET_OPTION}}<option value="{{TARGET}}">{{TARGET}}</option>{{/TARGET_OPTION}}</select>
<label for="filter-text">Search</label>
<input type="search" id="filter-text" placeholder="program, test or reason">
<output id="filter-summary" for="filter-text filter-tag filter-target" aria-live="polite"></output>
</form>

<table id="matrix" class="matrix">
<caption class="visually-hidden">Status of each test on each target; a cell links to the test's detail for that target.</caption>
<thead><tr><th scope="col">Test</th>{{#TARGET_HEAD}}<th scope="col" data-target="{{TARGET}}"><a href="{{HREF}}">{{TARGET}}</a><span class="sub">{{WINE}}</span><span class="sub">qemu {{QEMU}}</span></th>{{/TARGET_HEAD}}<th scope="col" data-target="reference">Reference<span class="sub">origin</span></th></tr></thead>
{{#PROGRAM}}<tbody data-program="{{ENTRY}}">
<tr class="program-row"><th scope="colgroup" colspan="{{COLSPAN}}"><a href="{{HREF}}">{{TITLE}}</a> <span class="muted">{{ENTRY}} · {{TOOLCHAIN}}</span></th></tr>
{{#ROW}}<tr data-test="{{ID}}" data-tags="{{TAGS}}"><th scope="row"><a href="{{HREF}}">{{NAME}}</a></th>{{#CELL}}<td data-target="{{TARGET}}" data-status="{{STATUS}}" data-reference="{{REFERENCE}}" title="{{REASON}}" class="s-{{CLASS}}"><a href="{{HREF}}"><span class="glyph" aria-hidden="true">{{GLYPH}}</span> {{LABEL}}{{#NO_REF}} <span class="mark">no reference</span>{{/NO_REF}}{{#CHANGE}}<span class="change">{{WHAT}}</span>{{/CHANGE}}</a></td>{{/CELL}}<td data-target="reference" class="ref">{{ORIGIN}}</td></tr>
{{/ROW}}</tbody>
{{/PROGRAM}}</table>
{{>FOOT}}
