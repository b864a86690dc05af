{{%AUTOESCAPE context="HTML"}}</main>
<footer class="site-footer">
Generated {{GENERATED}} by woa-compat {{VERSION}} from {{RUN_COUNT}} run(s) of the results store (latest: run {{LATEST_RUN}}).
Windows-on-Arm programs run on Linux x86-64 under qemu-user and wine-arm64.
<a href="{{ROOT}}data/matrix.json">Data (JSON)</a>
</footer>
{{#SCRIPT}}<script src="{{ROOT}}assets/site.js" defer></script>
{{/SCRIPT}}</body>
</html>
