"""Drives Gatehouse's sign-in page in headless Chromium (selenium + chromedriver).

Usage: signin.py URL USERNAME PASSWORD STEP [STEP ...]
Steps run in one browser session (so a virtual authenticator keeps its credentials):
  totp:SECRET        sign in, answer with the TOTP code for SECRET (pyotp)
  passkey-enroll     sign in, enrol a passkey (virtual CTAP2 authenticator, resident keys, UV)
  passkey-login      sign in, answer with the passkey
  passwordless-login no username or password: "Sign in with a passkey" (a discoverable credential)
  counter-back:N     set the virtual authenticator's stored sign count back to N
Prints one JSON line per sign-in step: {"step":…, "status":…, "result":…}.
"""
import json
import sys

import pyotp
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.virtual_authenticator import Credential, VirtualAuthenticatorOptions
from selenium.webdriver.support.ui import WebDriverWait


def browser():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def sign_in(driver, url, username, password):
    driver.get(url)
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "sign-in").click()
    WebDriverWait(driver, 10).until(
        lambda d: d.find_element(By.ID, "factor").is_displayed() or d.find_element(By.ID, "status").text)


def outcome(driver, step):
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "status").text)
    status = driver.find_element(By.ID, "status").text
    result = driver.find_element(By.ID, "result").text
    print(json.dumps({"step": step, "status": status, "result": json.loads(result) if result else None}), flush=True)


def main():
    url, username, password, *steps = sys.argv[1:]
    driver = browser()
    has_authenticator = False
    try:
        for step in steps:
            if step.startswith("totp:"):
                sign_in(driver, url, username, password)
                code = pyotp.TOTP(step.split(":", 1)[1]).now()
                driver.find_element(By.ID, "code").send_keys(code)
                driver.find_element(By.ID, "submit-code").click()
                outcome(driver, step)
            elif step in ("passkey-enroll", "passkey-login"):
                if not has_authenticator:
                    driver.add_virtual_authenticator(VirtualAuthenticatorOptions(
                        protocol="ctap2", transport="internal", has_resident_key=True,
                        has_user_verification=True, is_user_verified=True))
                    has_authenticator = True
                sign_in(driver, url, username, password)
                driver.find_element(By.ID, "passkey").click()
                outcome(driver, step)
            elif step == "passwordless-login":
                driver.get(url)
                driver.find_element(By.ID, "passkey-only").click()
                outcome(driver, step)
            elif step.startswith("counter-back:"):
                count = int(step.split(":", 1)[1])
                for credential in driver.get_credentials():
                    record = credential.to_dict()
                    record["signCount"] = count
                    driver.remove_credential(credential.id)
                    driver.add_credential(Credential.from_dict(record))
                print(json.dumps({"step": step, "status": "done", "result": None}), flush=True)
            else:
                raise SystemExit(f"unknown step {step}")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
