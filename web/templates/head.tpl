{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="woa-compat {{VERSION}}">
<title>{{TITLE}} · woa-compat</title>
<link rel="stylesheet" href="{{ROOT}}assets/site.css">
{{#CANONICAL}}<link rel="canonical" href="{{URL}}">
{{/CANONICAL}}{{#DATA}}<link rel="alternate" type="application/json" href="{{URL}}">
{{/DATA}}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site-header">
<nav aria-label="Site">
<a class="brand" href="{{ROOT}}index.html">woa-compat</a>
<a href="{{ROOT}}index.html">Matrix</a>
<a href="{{ROOT}}regressions.html">Regressions</a>
{{#WINE_TESTS_NAV}}<a href="{{ROOT}}wine-tests.html">Wine tests</a>{{/WINE_TESTS_NAV}}
<a href="{{ROOT}}api.html">API coverage</a>
<span class="targets">Targets:{{#NAV_TARGET}} <a href="{{HREF}}">{{NAME}}</a>{{/NAV_TARGET}}</span>
</nav>
</header>
<main id="main">
