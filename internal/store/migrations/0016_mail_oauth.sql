-- Signing in with Microsoft or Google (issue 16): how the account signs
-- in, and the OAuth2 application it signs in through. Configuration only:
-- the grant (refresh token) is in the OS keyring, access tokens only in
-- memory; neither is ever written here.
ALTER TABLE mail_account ADD COLUMN auth TEXT NOT NULL DEFAULT 'password' CHECK (auth IN ('password', 'oauth2'));
ALTER TABLE mail_account ADD COLUMN oauth_provider TEXT NOT NULL DEFAULT '' CHECK (oauth_provider IN ('', 'microsoft', 'google', 'other'));
ALTER TABLE mail_account ADD COLUMN oauth_client_id TEXT NOT NULL DEFAULT '';
-- Google's desktop clients have a "secret" that Google says is not one
-- (it ships in every installed copy); '' for Microsoft's public clients.
ALTER TABLE mail_account ADD COLUMN oauth_client_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_account ADD COLUMN oauth_tenant TEXT NOT NULL DEFAULT '';    -- Microsoft: '' = common
ALTER TABLE mail_account ADD COLUMN oauth_auth_url TEXT NOT NULL DEFAULT '';  -- provider 'other'
ALTER TABLE mail_account ADD COLUMN oauth_token_url TEXT NOT NULL DEFAULT ''; -- provider 'other'
