With the Volto add-on, the second editor of a page someone edits in part gets
Volto's "Edit" back (Plone hides it while any lock is on the item, and stock
Volto's toolbar offers only "Unlock", which would break every lock).
