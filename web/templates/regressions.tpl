{{%AUTOESCAPE context="HTML"}}{{>HEAD}}
<h1>Regressions and fixes</h1>
<p class="lede">Each target's latest run against its previous one, and each target against the one with the older wine and qemu before it. Outcomes are compared (exit code, crash, output); flaky means the repeats disagreed.</p>
{{#GROUP}}<h2>{{TITLE}}</h2>
<p>{{#KIND}}<span class="badge s-{{CLASS}}">{{N}} {{KIND}}</span> {{/KIND}}</p>
{{#CHANGES}}<table class="data"><thead><tr><th scope="col">Test</th><th scope="col">Change</th><th scope="col">{{FROM}}</th><th scope="col">{{TO}}</th><th scope="col">Detail</th></tr></thead>
<tbody>{{#CHANGE}}<tr><th scope="row"><a href="{{HREF}}">{{TEST}}</a></th><td><span class="badge s-{{CLASS}}">{{KIND}}</span></td><td>{{BEFORE}}</td><td>{{AFTER}}</td><td>{{DETAIL}}</td></tr>
{{/CHANGE}}</tbody></table>{{/CHANGES}}{{#NO_CHANGES}}<p class="note">No change.</p>{{/NO_CHANGES}}
{{/GROUP}}{{#NO_GROUPS}}<p class="note">Nothing to compare yet: one run of one target.</p>{{/NO_GROUPS}}
{{>FOOT}}
