{{#if appFactory}}
"""The app as mod_wsgi serves it (launch.py names this module): mod_wsgi takes a module's
attribute and calls no factory, so {{appDoc}} runs here, once per process.
"""

{{appImport}}

application = {{appExpr}}
{{/if}}
