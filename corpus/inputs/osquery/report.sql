-- Hash inventory of the two data files, then some pure SQL over it.
WITH files(name) AS (VALUES ('notes.txt'), ('data.csv'))
SELECT f.name, h.sha256, fi.size
  FROM files f
  JOIN hash h ON h.path = f.name
  JOIN file fi ON fi.path = f.name
 ORDER BY fi.size DESC;
SELECT split('day,hour,temp_c', ',', 2) AS third_column,
       to_base64('rain gauge') AS b64,
       regex_match('gauge-42-north', '-([0-9]+)-', 1) AS gauge_no,
       printf('%.4f', sqrt(2.0)) AS root2;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
SELECT i, sum(i) OVER (ORDER BY i) AS running_total FROM n WHERE i % 3 = 0;
