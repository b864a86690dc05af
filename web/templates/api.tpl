{{%AUTOESCAPE context="HTML"}}{{>HEAD}}
<h1>API coverage</h1>
<p class="lede">Windows functions the corpus's programs import that a target's wine does not provide, ranked by how many programs implementing them would unblock. Read from the import tables of the arm64 executables (programs fetched into the cache: {{INSPECTED}} of {{PROGRAMS}}; executables woa does not run, such as AMD64 ones, are left out) against each target's arm64 DLLs, and from the runs: the functions wine reported unimplemented when a test called them.</p>
{{#UNCHECKED}}<p class="note">Not checked on {{TARGETS}}: that wine's arm64 DLLs are placeholders for ELF builtins whose exports cannot be read.</p>{{/UNCHECKED}}
{{#GAPS}}<table class="data"><thead><tr><th scope="col">Function</th><th scope="col" class="num">Programs</th><th scope="col">Effect</th><th scope="col">Missing on</th><th scope="col">Needed by</th><th scope="col">Seen at run time</th></tr></thead>
<tbody>{{#GAP}}<tr><th scope="row"><code>{{NAME}}</code></th><td class="num">{{N}}</td><td>{{EFFECT}} <span class="muted">({{WHY}})</span></td><td>{{TARGETS}}</td><td>{{#PROGRAM}}<a href="{{HREF}}">{{ID}}</a> {{/PROGRAM}}</td><td>{{#SEEN}}<a href="{{HREF}}">{{ID}}</a> {{/SEEN}}</td></tr>
{{/GAP}}</tbody></table>{{/GAPS}}{{#NO_GAPS}}<p class="note">No missing function found in the inspected programs.</p>{{/NO_GAPS}}
{{>FOOT}}
