{{/* Generated from tools/services.json by tools/helm/schema/build-schemas.mjs: do not edit. */}}
{{- define "retail-lib.roster" -}}
{"master-data":{"port":3004,"baseUrlEnv":"MASTERDATA_BASE_URL","calls":[],"keyScope":"service","backOffice":["erp"],"nodeOptions":"--max-old-space-size=160 --max-semi-space-size=32"},"inventory":{"port":3002,"baseUrlEnv":"INVENTORY_BASE_URL","calls":["order-ingestion"],"keyScope":"service","backOffice":["erp","wms"],"nodeOptions":"--max-old-space-size=160 --max-semi-space-size=32"},"order-ingestion":{"port":3001,"baseUrlEnv":"ORDERS_BASE_URL","calls":["inventory","master-data"],"keyScope":"service","backOffice":["erp"],"nodeOptions":"--max-old-space-size=160 --max-semi-space-size=32"},"returns":{"port":3003,"baseUrlEnv":"RETURNS_BASE_URL","calls":["order-ingestion","inventory"],"keyScope":"service","backOffice":["erp","wms","payments","tax"],"nodeOptions":"--max-old-space-size=160 --max-semi-space-size=32"},"channel-sync":{"port":3005,"baseUrlEnv":"CHANNEL_SYNC_BASE_URL","calls":["order-ingestion"],"keyScope":"service","backOffice":[],"nodeOptions":"--max-old-space-size=160 --max-semi-space-size=32"},"ops-console":{"port":3000,"baseUrlEnv":"","calls":["order-ingestion","inventory","returns","master-data","channel-sync"],"keyScope":"admin","backOffice":[],"nodeOptions":"--max-old-space-size=160 --max-semi-space-size=32"}}
{{- end }}

{{/* The keys of global.erp.existingSecret per global.erp.auth, named as the env. */}}
{{- define "retail-lib.erpSecretKeys" -}}
{"none":[],"tba":["ERP_TBA_CONSUMER_KEY","ERP_TBA_CONSUMER_SECRET","ERP_TBA_TOKEN_ID","ERP_TBA_TOKEN_SECRET"],"oauth2":["ERP_OAUTH2_CLIENT_ID","ERP_OAUTH2_CERTIFICATE_ID","ERP_OAUTH2_PRIVATE_KEY"]}
{{- end }}
