{{%AUTOESCAPE context="HTML"}}{{>HEAD}}
<h1>API coverage</h1>
<p class="lede">Windows functions the corpus's programs import that a target's wine does not provide, ranked by how many programs implementing them would unblock. Read from the programs' import tables (programs fetched into the cache: {{INSPECTED}} of {{PROGRAMS}}) against each target's arm64 DLLs.</p>
{{#UNCHECKED}}<p class="note">Not checked on {{TARGETS}}: that wine's arm64 DLLs are placeholders for ELF builtins whose exports cannot be read.</p>{{/UNCHECKED}}
{{#GAPS}}<table class="data"><thead><tr><th scope="col">Function</th><th scope="col" class="num">Programs</th><th scope="col">Effect</th><th scope="col">Missing on</th><th scope="col">Needed by</th></tr></thead>
<tbody>{{#GAP}}<tr><th scope="row"><code>{{NAME}}</code></th><td class="num">{{N}}</td><td>{{EFFECT}} <span class="muted">({{WHY}})</span></td><td>{{TARGETS}}</td><td>{{#PROGRAM}}<a href="{{HREF}}">{{ID}}</a> {{/PROGRAM}}</td></tr>
{{/GAP}}</tbody></table>{{/GAPS}}{{#NO_GAPS}}<p class="note">No missing function found in the inspected programs.</p>{{/NO_GAPS}}
{{>FOOT}}
